package dev.salescrm.platform.test.contracts;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * In every Spring test context of a service (platform-test is only ever a test dependency), holds
 * each event the service writes to its outbox to its published contract: an
 * {@code OutgoingEventCheck} bean that runs {@link ProducedEventContract#check}. A violation
 * throws {@link EventContractViolation} inside the business transaction, so the test that made the
 * service produce the event fails — on the line that produced it, not in a consumer.
 *
 * <p>Why a proxy and not a class implementing {@code OutgoingEventCheck}: the interface lives in
 * {@code platform}, and {@code platform} uses platform-test for its own tests, so platform-test
 * cannot depend on {@code platform} (Maven refuses the cycle). The interface is loaded by name
 * when it is on the classpath, its shape is verified at start-up (a changed signature fails every
 * service test loudly instead of silently disabling the check), and the event's {@code type()} is
 * read reflectively.
 */
@AutoConfiguration
@ConditionalOnClass(name = EventContractAutoConfiguration.CHECK_INTERFACE)
@Import(EventContractAutoConfiguration.Registrar.class)
public class EventContractAutoConfiguration {

    static final String CHECK_INTERFACE = "dev.salescrm.platform.outbox.OutgoingEventCheck";
    static final String EVENT_CLASS = "dev.salescrm.platform.outbox.OutboxEvent";
    public static final String BEAN_NAME = "crmPublishedSchemaCheck";

    static final class Registrar implements ImportBeanDefinitionRegistrar {

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            if (registry.containsBeanDefinition(BEAN_NAME)) {
                return;
            }
            ClassLoader loader = ClassUtils.getDefaultClassLoader();
            Class<?> checkInterface = load(CHECK_INTERFACE, loader);
            RootBeanDefinition definition = new RootBeanDefinition(checkInterface);
            definition.setInstanceSupplier(() -> newCheck(checkInterface));
            registry.registerBeanDefinition(BEAN_NAME, definition);
        }
    }

    /** An {@code OutgoingEventCheck} that validates {@code check(OutboxEvent event, String payloadJson)}. */
    static Object newCheck(Class<?> checkInterface) {
        Class<?> eventClass = load(EVENT_CLASS, checkInterface.getClassLoader());
        Method check = method(checkInterface, "check", eventClass, String.class);
        Method type = method(eventClass, "type");
        InvocationHandler handler = (proxy, invoked, args) -> {
            if (invoked.equals(check)) {
                ProducedEventContract.check((String) invoke(type, args[0]), (String) args[1]);
                return null;
            }
            return switch (invoked.getName()) {
                case "toString" -> "OutgoingEventCheck: payload validates against the published schema of its type";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(invoked.toString());
            };
        };
        return Proxy.newProxyInstance(checkInterface.getClassLoader(), new Class<?>[] {checkInterface}, handler);
    }

    private static Object invoke(Method method, Object target) throws Throwable {
        try {
            return method.invoke(target);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Method method(Class<?> owner, String name, Class<?>... parameters) {
        try {
            return owner.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("platform-test's event contract check expects " + owner.getName() + "." + name
                    + " with parameters " + java.util.Arrays.toString(parameters) + "; the platform changed it — "
                    + "update EventContractAutoConfiguration", e);
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return ClassUtils.forName(name, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("expected " + name + " on the classpath", e);
        }
    }
}
