package dev.hearth.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigException;
import dev.hearth.config.ConfigLoader;
import dev.hearth.http.TlsFixture;
import dev.hearth.net.ControlPlaneClients;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.testing.FakeControlPlane;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control plane behind a private CA: the CA named for a service's polling ({@code <section>.ca_certificate})
 * is the one its signals trust too. The endpoint is a real HTTPS server with a certificate only that CA vouches for.
 */
class PrivateCaSignalTest {
    @TempDir
    Path dir;

    private HttpsServer server;
    private TlsFixture.Identity identity;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        identity = new TlsFixture(Files.createDirectories(dir.resolve("pki"))).create("localhost");
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TlsFixture.serverContext(identity)));
        server.createContext("/", exchange -> {
            received.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                            + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private SignalEnvelope ready(String transport, String url, String verb) throws Exception {
        SignalOutbox outbox = new SignalOutbox(dir.resolve("state"), Clock.systemUTC());
        var d = Deployments.of(
                "p-" + transport,
                "dep_" + transport.toLowerCase(Locale.ROOT),
                transport,
                Map.of("deploy_signal_id", url, "deploy_signal_verb", verb));
        outbox.arm(d);
        return outbox.complete(d.id(), Deployments.response("signed over a private CA\n"))
                .orElseThrow();
    }

    private static SignalTransport named(List<SignalTransport> all, String name) {
        return all.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void cfnSignalsTrustCfnCaCertificateLikeCfnPolling() throws Exception {
        AgentConfig config =
                new ConfigLoader().parse("cfn: {ca_certificate: " + identity.certPem() + "}\n", "agent.yaml");
        String url = base() + "/v1/signal/arn%3Aopenstack%3Aheat%3A%3Ax%3Astacks/s/" + FakeControlPlane.STACK_ID
                + "/resources/dep?Timestamp=2099-01-01T00%3A00%3A00Z&Signature=abc";
        SignalEnvelope e = ready(CfnSignalTransport.NAME, url, "POST");

        // Through the system trust store the certificate is unknown: the signal cannot go out.
        SignalTransport system = named(
                Signaler.transports(ControlPlaneHttp.create(), config.signals(), Clock.systemUTC()),
                CfnSignalTransport.NAME);
        assertThatThrownBy(() -> system.send(e)).isInstanceOf(SignalException.class);
        assertThat(received).isEmpty();

        ControlPlaneClients clients = ControlPlaneClients.from(config, ControlPlaneHttp.create());
        named(Signaler.transports(clients, config.signals(), Clock.systemUTC()), CfnSignalTransport.NAME)
                .send(e);
        assertThat(received)
                .singleElement()
                .asString()
                .startsWith("POST /v1/signal/")
                .contains("signed over a private CA");
    }

    @Test
    void tempUrlSignalsTrustRequestCaCertificate() throws Exception {
        AgentConfig config =
                new ConfigLoader().parse("request: {ca_certificate: " + identity.certPem() + "}\n", "agent.yaml");
        SignalEnvelope e = ready(
                TempUrlSignalTransport.NAME,
                base() + "/v1/AUTH_x/c/obj?temp_url_sig=abc&temp_url_expires=4102444800",
                "PUT");
        ControlPlaneClients clients = ControlPlaneClients.from(config, ControlPlaneHttp.create());
        named(Signaler.transports(clients, config.signals(), Clock.systemUTC()), TempUrlSignalTransport.NAME)
                .send(e);
        assertThat(received).singleElement().asString().startsWith("PUT /v1/AUTH_x/c/obj");
    }

    @Test
    void heatAndZaqarTakeTheirOwnCaAndABadOneNamesItsKey() throws Exception {
        ControlPlaneHttp system = ControlPlaneHttp.create();
        AgentConfig config = new ConfigLoader()
                .parse(
                        "heat: {ca_certificate: " + identity.certPem() + "}\n" + "zaqar: {ca_certificate: "
                                + identity.certPem() + "}\n",
                        "agent.yaml");
        ControlPlaneClients clients = ControlPlaneClients.from(config, system);
        assertThat(clients.heat()).isNotSameAs(system);
        assertThat(clients.zaqar()).isNotSameAs(system).isNotSameAs(clients.heat());
        assertThat(clients.cfn()).isSameAs(system);
        assertThat(clients.request()).isSameAs(system);

        Path notPem = Files.writeString(dir.resolve("not.pem"), "no certificate here\n");
        AgentConfig bad = new ConfigLoader().parse("zaqar: {ca_certificate: " + notPem + "}\n", "agent.yaml");
        assertThatThrownBy(() -> ControlPlaneClients.from(bad, system))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("zaqar.ca_certificate: ");
    }
}
