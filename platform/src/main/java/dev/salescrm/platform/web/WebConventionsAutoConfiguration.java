package dev.salescrm.platform.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

import dev.salescrm.platform.money.json.MoneyJacksonModule;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The HTTP conventions of every service (see API.md "Conventions"): problem documents for every
 * error, request body limits, Idempotency-Key on POST, {@link PageRequest} parameters and money
 * as JSON.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
        "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties({HttpLimitsProperties.class, IdempotencyProperties.class})
public class WebConventionsAutoConfiguration {
    // No nested @Configuration classes: the platform's own test application component-scans
    // this package, and a scanned nested configuration would escape auto-configuration order.

    @Bean
    @ConditionalOnMissingBean
    MoneyJacksonModule moneyJacksonModule() {
        return new MoneyJacksonModule();
    }

    @Bean
    @ConditionalOnMissingBean
    UnicodeTextJacksonModule unicodeTextJacksonModule() {
        return new UnicodeTextJacksonModule();
    }

    /**
     * A JSON number or boolean where the API expects text is a 400 "must be a string", not the text
     * {@code "12345"} or {@code "true"}: Jackson coerces such scalars to strings by default, so a request the
     * API calls malformed was carried out (the fault suite's R6 cancelled an invoice with
     * {@code {"reason": 12345}}). Text where a number is expected is refused already (accept-float-as-int off,
     * numbers typed in the records).
     */
    @Bean
    JsonMapperBuilderCustomizer textIsNeverCoercedFromScalars() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, text -> text
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemMapper problemMapper() {
        return new ProblemMapper();
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemResponses problemResponses(ProblemMapper mapper, ObjectProvider<JsonMapper> json) {
        return new ProblemResponses(mapper, json.getIfAvailable(JsonMapper::new));
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemAdvice problemAdvice(ProblemResponses problems) {
        return new ProblemAdvice(problems);
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemExceptionHandler problemExceptionHandler(ProblemResponses problems) {
        return new ProblemExceptionHandler(problems);
    }

    @Bean
    @ConditionalOnMissingBean
    BodySizeLimits bodySizeLimits(HttpLimitsProperties properties) {
        return BodySizeLimits.of(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    BodySizeLimitFilter bodySizeLimitFilter(BodySizeLimits limits, ProblemResponses problems) {
        return new BodySizeLimitFilter(limits, problems);
    }

    @Bean
    @ConditionalOnMissingBean
    NulCharacterFilter nulCharacterFilter(ProblemResponses problems) {
        return new NulCharacterFilter(problems);
    }

    @Bean
    @ConditionalOnMissingBean
    Utf8BodyFilter utf8BodyFilter() {
        return new Utf8BodyFilter();
    }

    @Bean
    WebFluxConfigurer pageRequestArguments() {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new PageRequestArgumentResolver());
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({DatabaseClient.class, ReactiveTransactionManager.class})
    IdempotencyKeyFilter idempotencyKeyFilter(DatabaseClient db, ReactiveTransactionManager transactionManager,
                                              BodySizeLimits limits, ProblemResponses problems,
                                              ObjectProvider<JsonMapper> json, IdempotencyProperties properties) {
        return new IdempotencyKeyFilter(db, TransactionalOperator.create(transactionManager), limits, problems,
                json.getIfAvailable(JsonMapper::new), properties.excludedPaths());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DatabaseClient.class)
    IdempotencyKeyPurger idempotencyKeyPurger(DatabaseClient db, IdempotencyProperties properties) {
        return new IdempotencyKeyPurger(db, properties.retention(), properties.purgeInterval());
    }
}
