package dev.salescrm.opportunity.opportunity.domain;

/**
 * The business-process stages of an opportunity (Dynamics CRM's sales process), in order. Each
 * stage suggests a probability of winning, used when an opportunity enters it without one.
 */
public enum OpportunityStage {
    QUALIFY(10),
    DEVELOP(30),
    PROPOSE(60),
    CLOSE(80);

    private final int defaultProbability;

    OpportunityStage(int defaultProbability) {
        this.defaultProbability = defaultProbability;
    }

    public int defaultProbability() {
        return defaultProbability;
    }
}
