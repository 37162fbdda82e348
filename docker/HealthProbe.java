import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container health check, in Java because the runtime image needs no shell, curl or wget.
 * GET http://127.0.0.1:$PORT/actuator/health/readiness (or the URL given as the first argument);
 * exit 0 on 200, 1 otherwise. Run with a tiny heap: it shares the container's memory limit.
 */
public final class HealthProbe {

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0]
                : "http://127.0.0.1:" + System.getenv().getOrDefault("PORT", "8080") + "/actuator/health/readiness";
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(3000);
            int status = connection.getResponseCode();
            connection.disconnect();
            if (status != 200) {
                System.err.println(url + " answered " + status);
            }
            System.exit(status == 200 ? 0 : 1);
        } catch (Exception e) {
            System.err.println(url + ": " + e);
            System.exit(1);
        }
    }
}
