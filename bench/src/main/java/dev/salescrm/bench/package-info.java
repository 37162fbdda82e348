/** Performance benchmarks of the CRM: {@code ./crm bench [scenario]} (see bench/README.md). */
package dev.salescrm.bench;
