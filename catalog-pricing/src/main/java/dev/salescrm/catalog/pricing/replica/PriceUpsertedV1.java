package dev.salescrm.catalog.pricing.replica;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.catalog.pricing.DiscountBand;
import dev.salescrm.catalog.pricing.DiscountList;
import dev.salescrm.catalog.pricing.DiscountType;
import dev.salescrm.platform.money.Money;

/**
 * The payload of {@code crm.price.upserted.v1} (schema in contracts), written by catalog-service
 * and read by every replica — one record, so the writer and the readers cannot drift apart.
 * {@code unitQuantity} and {@code discount} are what a replica needs to price a line exactly as
 * the catalog does; decimals travel as strings, like money.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PriceUpsertedV1(UUID priceListId, UUID productId, UUID unitId, Money price, String sku,
                              String unitQuantity, String pricingMethod, Discount discount, Long version,
                              Instant occurredAt, String actor) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Discount(String type, List<Band> bands) {

        public static Discount of(DiscountList list) {
            return list == null ? null : new Discount(list.type().name(), list.bands().stream()
                    .map(b -> new Band(plain(b.fromQuantity()), b.toQuantity() == null ? null : plain(b.toQuantity()),
                            plain(b.value())))
                    .toList());
        }

        public DiscountList toDiscountList() {
            return new DiscountList(DiscountType.valueOf(type), bands.stream()
                    .map(b -> new DiscountBand(new BigDecimal(b.fromQuantity()),
                            b.toQuantity() == null ? null : new BigDecimal(b.toQuantity()), new BigDecimal(b.value())))
                    .toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Band(String fromQuantity, String toQuantity, String value) {
    }

    public static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /** The record key on the compacted topic. */
    public String key() {
        return priceListId + ":" + productId + ":" + unitId;
    }
}
