package dev.salescrm.archfixture.plain.domain;

/** A domain class in plain Java: what DomainPurity must accept. */
public class PlainAggregate {

    public boolean named(String name) {
        return name != null && !name.isBlank();
    }
}
