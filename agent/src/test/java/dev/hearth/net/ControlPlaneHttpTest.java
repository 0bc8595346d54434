package dev.hearth.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.testing.FakeControlPlane;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlPlaneHttpTest {
    final FakeControlPlane plane = FakeControlPlane.start();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        plane.close();
    }

    @Test
    void everyRequestHasItsTimeLimit() {
        // A limit of a second, not less: on a loaded machine the client's own connect to localhost was
        // seen to take more than 200 ms, and then it is the connect that times out.
        plane.delay("/swift/", Duration.ofSeconds(6), 1);
        String url = plane.tempUrl("GET", "c/o");
        HttpCall call = HttpCall.get(URI.create(url), Duration.ofSeconds(1));
        long start = System.nanoTime();
        assertThatThrownBy(() -> ControlPlaneHttp.create().send(call))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageStartingWith("timed out after PT1S: GET ")
                .hasMessageContaining("temp_url_sig=*****")
                .hasMessageNotContaining(url.replaceAll(".*temp_url_sig=([^&]*).*", "$1"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void anAnswerThatStopsHalfwayIsBoundedByTheSameTimeLimit() {
        plane.stall("/swift/", Duration.ofMinutes(5), 1);
        String url = plane.tempUrl("GET", "c/o");
        HttpCall call = HttpCall.get(URI.create(url), Duration.ofMillis(500));
        long start = System.nanoTime();
        assertThatThrownBy(() -> ControlPlaneHttp.create().send(call))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageStartingWith("timed out after PT0.5S (HTTP 200, the answer stopped coming): GET ")
                .hasMessageContaining("temp_url_sig=*****")
                .hasMessageNotContaining(url.replaceAll(".*temp_url_sig=([^&]*).*", "$1"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aSlowButSteadyAnswerWithinTheTimeLimitIsRead() throws Exception {
        plane.delay("/swift/", Duration.ofMillis(300), 1);
        plane.putObject("c/o", "{}");
        HttpResult r = ControlPlaneHttp.create()
                .send(HttpCall.get(URI.create(plane.tempUrl("GET", "c/o")), Duration.ofSeconds(5)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{}");
    }

    @Test
    void anAnswerOverTheSizeCapIsAnErrorOfThatRequest() throws Exception {
        plane.putObject("c/big", "x".repeat(ControlPlaneHttp.MAX_RESPONSE_SIZE + 1));
        plane.putObject("c/fits", "[" + "0,".repeat(ControlPlaneHttp.MAX_RESPONSE_SIZE / 2 - 2) + "0]");
        ControlPlaneHttp http = ControlPlaneHttp.create();
        assertThatThrownBy(() ->
                        http.send(HttpCall.get(URI.create(plane.tempUrl("GET", "c/big")), Duration.ofSeconds(30))))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageStartingWith("answer larger than 16777216 bytes (HTTP 200): GET ")
                .hasMessageContaining("temp_url_sig=*****");
        // Within the size cap but over the token limit: refused as JSON, without building its tree.
        HttpResult fits = http.send(HttpCall.get(URI.create(plane.tempUrl("GET", "c/fits")), Duration.ofSeconds(30)));
        assertThat(fits.body()).hasSize(ControlPlaneHttp.MAX_RESPONSE_SIZE - 1);
        assertThatThrownBy(fits::json).hasMessageStartingWith("answer has more than 2500000 JSON tokens (HTTP 200");
        // JSON embedded in an answer (CFN metadata in XML) has the same limit.
        assertThatThrownBy(() -> HttpResult.parseEmbedded("[" + "0,".repeat(2_500_000) + "0]"))
                .isInstanceOf(com.fasterxml.jackson.core.exc.StreamConstraintsException.class);
        assertThat(HttpResult.parseEmbedded("[" + "0,".repeat(1_000) + "0]").size())
                .isEqualTo(1_001);
        // A parser limit other than the token count is a problem of the answer's shape, named as such.
        plane.putObject("c/deep", "[".repeat(1_500) + "]".repeat(1_500));
        HttpResult deep = http.send(HttpCall.get(URI.create(plane.tempUrl("GET", "c/deep")), Duration.ofSeconds(30)));
        assertThatThrownBy(deep::json)
                .hasMessageStartingWith("answer is not JSON this agent reads (HTTP 200, 3000 bytes): ")
                .hasMessageContaining("nesting depth")
                .hasMessageNotContaining("tokens");
    }

    @Test
    void observersSeeEveryRequestAndStatusesAreReturnedAsIs() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        ControlPlaneHttp http = ControlPlaneHttp.create().observed(c -> seen.incrementAndGet());
        HttpResult r = http.send(HttpCall.get(URI.create(plane.baseUrl() + "/nothing"), Duration.ofSeconds(5)));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.header("CONTENT-TYPE")).contains("text/plain");
        assertThat(seen.get()).isEqualTo(1);
    }

    @Test
    void aCaFileThatIsNotPemIsRefusedClearly() throws Exception {
        Path bad = Files.writeString(tmp.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(() -> ControlPlaneHttp.create(Duration.ofSeconds(1), bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot use CA file");
    }

    @Test
    void aCaFileWithoutACertificateIsRefusedInsteadOfTrustingNothing() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.pem"), "");
        assertThatThrownBy(() -> ControlPlaneHttp.create(Duration.ofSeconds(1), empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use CA file " + empty + ": no PEM certificate in it");
    }
}
