package dev.salescrm.systemtest;

/**
 * The scenario tests' suite: the isolated configuration as it is (the machine's PostgreSQL when it answers,
 * else an embedded one; a Kafka broker process of its own). See {@link SharedSuite}.
 */
class RunningSuite extends SharedSuite {

    RunningSuite() {
        super("suite-", 30, builder -> { });
    }
}
