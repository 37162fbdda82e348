package dev.salescrm.account.account.domain;

/** A postal address, every part optional and kept exactly as given (any script). */
public record Address(String street, String city, String stateOrProvince, String postalCode, String country) {

    /** An address with no part set is no address at all. */
    public static Address orNull(String street, String city, String stateOrProvince, String postalCode, String country) {
        if (street == null && city == null && stateOrProvince == null && postalCode == null && country == null) {
            return null;
        }
        return new Address(street, city, stateOrProvince, postalCode, country);
    }
}
