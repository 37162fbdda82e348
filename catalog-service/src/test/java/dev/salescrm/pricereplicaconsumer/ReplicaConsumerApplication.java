package dev.salescrm.pricereplicaconsumer;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A stand-in for opportunity-service or billing-service: a service with nothing of its own but
 * catalog-pricing's price replica (crm.price-replica.enabled=true). Outside dev.salescrm.catalog,
 * so catalog-service's component scan never sees it.
 */
@SpringBootApplication
public class ReplicaConsumerApplication {
}
