package dev.salescrm.lead.lead;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.salescrm.platform.text.PhoneNormalizer;

/** Phone folding ({@code crm.phone.*}, Iran by default) and the duplicate rules. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DuplicateRules.class)
class SearchConfiguration {

    @Bean
    PhoneNormalizer phoneNormalizer(@Value("${crm.phone.default-country-code:98}") String countryCode,
                                    @Value("${crm.phone.national-number-length:10}") int nationalLength) {
        return new PhoneNormalizer(countryCode, nationalLength);
    }
}
