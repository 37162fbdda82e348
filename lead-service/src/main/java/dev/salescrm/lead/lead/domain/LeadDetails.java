package dev.salescrm.lead.lead.domain;

/**
 * What is known about the person behind a lead. Text is kept exactly as given (Persian, Arabic,
 * any script); matching on normalised forms is a separate concern.
 */
public record LeadDetails(String firstName, String lastName, String companyName, String jobTitle,
                          String email, String phone, String website, LeadSource source, String topic,
                          String description) {

    public LeadDetails {
        if (isBlank(lastName) && isBlank(companyName)) {
            throw new IllegalArgumentException("a lead needs a last name or a company name");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
