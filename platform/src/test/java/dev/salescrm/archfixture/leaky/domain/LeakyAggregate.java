package dev.salescrm.archfixture.leaky.domain;

import org.springframework.util.StringUtils;

/** A domain class that leans on Spring: what DomainPurity must reject. */
public class LeakyAggregate {

    public boolean named(String name) {
        return StringUtils.hasText(name);
    }
}
