package dev.salescrm.platform.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.salescrm.platform.persistence.DatabaseUnavailable;

/**
 * What a listener does with an event it cannot process: retry a few times with back-off, then
 * park it on {@code <topic>.dlt} — with the exception and the original topic, partition and
 * offset in headers (spring-kafka's {@code kafka_dlt-*} headers) — count it, and move on, so one
 * bad event never stalls its partition. If the dead-letter topic cannot be written either, the
 * offset is not committed and the record comes back: a failure is never acknowledged away.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() {
    }

    public static String topicFor(String topic) {
        return topic + ".dlt";
    }

    public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> kafka, MeterRegistry meters,
                                                   int maxRetries, long initialBackoffMillis, long maxBackoffMillis) {
        // Partition -1: let the producer pick by key, so one aggregate's dead letters stay in order.
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(topicFor(record.topic()), -1));
        publisher.setFailIfSendResultIsError(true);
        ConsumerRecordRecoverer countingRecoverer = (ConsumerRecord<?, ?> record, Exception exception) -> {
            publisher.accept(record, exception);
            Counter.builder("crm.inbox.dead.letters").tag("topic", record.topic())
                    .description("events parked on the dead-letter topic").register(meters).increment();
            log.error("event {}@{}/{} parked on {}: {}", record.topic(), record.partition(), record.offset(),
                    topicFor(record.topic()), rootMessage(exception));
        };
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(maxRetries);
        backOff.setInitialInterval(initialBackoffMillis);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(maxBackoffMillis);
        DefaultErrorHandler handler = new DefaultErrorHandler(countingRecoverer, backOff);
        handler.addNotRetryableExceptions(PoisonEventException.class);
        // The database being away (a restart, a failover) is not the event's fault: a few quick retries would
        // park a good event on the dead-letter topic and leave its saga stuck. Such an event is retried, backing
        // off to maxBackoff, until the database answers again; the partition waits, in order, as it should.
        handler.setBackOffFunction((record, exception) -> DatabaseUnavailable.causes(exception)
                ? untilTheDatabaseIsBack(initialBackoffMillis, maxBackoffMillis) : null);
        // A record that first failed for want of a database and then fails for another reason gets the bounded
        // retries again, not the unbounded ones.
        handler.setResetStateOnExceptionChange(true);
        return handler;
    }

    private static BackOff untilTheDatabaseIsBack(long initialBackoffMillis, long maxBackoffMillis) {
        ExponentialBackOff backOff = new ExponentialBackOff(initialBackoffMillis, 2.0);
        backOff.setMaxInterval(maxBackoffMillis);
        return backOff; // no maxElapsedTime, no attempt limit
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
