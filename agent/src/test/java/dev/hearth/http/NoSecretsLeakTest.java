package dev.hearth.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.hearth.hook.InvalidDeploymentException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The token (right or wrong) and secrets in a pushed body appear in no response and no log line. */
class NoSecretsLeakTest {
    private static final String WRONG = "wr0ng-t0ken-guess-0123456789";
    private static final String PASSWORD = "hunter2-p4ssw0rd-value";

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger hearth = (Logger) LoggerFactory.getLogger("dev.hearth");
    private Level previous;

    @BeforeEach
    void capture() {
        previous = hearth.getLevel();
        hearth.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void release() {
        root.detachAppender(logs);
        hearth.setLevel(previous);
    }

    @Test
    void noTokenOrPushedSecretInAnyResponseOrLogLine() throws Exception {
        RecordingSink sink = new RecordingSink(d -> {
            if (d.path("deployments").size() > 1) {
                throw new InvalidDeploymentException(
                        "$.deployments[1].inputs[0]",
                        "bad signal URL https://h/v1/AUTH_x/c/o?temp_url_sig=" + PASSWORD + "&temp_url_expires=1");
            }
            return RecordingSink.ids(d);
        });
        List<HttpResponse<String>> responses = new ArrayList<>();
        try (ServerFixture f = ServerFixture.withToken(sink)) {
            String one = "{\"deployments\": [{\"id\": \"a\", \"group\": \"script\", \"inputs\": "
                    + "[{\"name\": \"deploy_password\", \"value\": \"" + PASSWORD + "\"}]}]}";
            String two = "{\"deployments\": [{\"id\": \"a\"}, {\"id\": \"b\"}]}";
            responses.add(f.post("/v1/metadata", one, ServerFixture.TOKEN));
            responses.add(f.post("/v1/metadata", two, ServerFixture.TOKEN));
            responses.add(f.post("/v1/metadata", "{\"password\": " + PASSWORD + "}", ServerFixture.TOKEN));
            responses.add(f.post("/v1/metadata", one, WRONG));
            for (String path :
                    List.of("/v1/deployments", "/v1/deployments/a", "/metrics", "/readyz", "/healthz", "/x")) {
                responses.add(f.get(path, ServerFixture.TOKEN));
                responses.add(f.get(path, WRONG));
            }
        }
        assertThat(responses).extracting(HttpResponse::statusCode).contains(202, 400, 401, 200, 404);
        for (HttpResponse<String> r : responses) {
            String everything = r.headers().map() + "\n" + r.body();
            assertThat(everything)
                    .as(r.uri().toString())
                    .doesNotContain(ServerFixture.TOKEN)
                    .doesNotContain(WRONG)
                    .doesNotContain(PASSWORD);
        }
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            String line = e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(line)
                    .doesNotContain(ServerFixture.TOKEN)
                    .doesNotContain(WRONG)
                    .doesNotContain(PASSWORD);
        }
    }
}
