package dev.hearth.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Ec2SignerTest {

    @Test
    void describeStackResourceGoldenVector() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Action", "DescribeStackResource");
        params.put("StackName", "mystack");
        params.put("LogicalResourceId", "server1");
        params.put("AWSAccessKeyId", "AKIDEXAMPLE0001");
        params.put("SignatureVersion", "2");
        params.put("SignatureMethod", "HmacSHA256");

        assertThat(Ec2Signer.stringToSign("GET", "127.0.0.1:18080", "/v1/", params))
                .isEqualTo("GET\n127.0.0.1:18080\n/v1/\nAWSAccessKeyId=AKIDEXAMPLE0001&Action=DescribeStackResource"
                        + "&LogicalResourceId=server1&SignatureMethod=HmacSHA256&SignatureVersion=2&StackName=mystack");
        assertThat(new Ec2Signer("SECRETKEYEXAMPLE").sign("GET", "127.0.0.1:18080", "/v1/", params))
                .isEqualTo("KJEr1WUTEV89M4HFwaC1SQUs4AUDBY+fVI9KbhPxH0E=");
    }

    @Test
    void heatCfnSignalUrlGoldenVector() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("SignatureMethod", "HmacSHA256");
        params.put("SignatureVersion", "2");
        params.put("AWSAccessKeyId", "AKIDEXAMPLE0001");
        params.put("Timestamp", "2024-05-01T12:00:00Z");
        String path =
                "/v1/signal/arn:openstack:heat::PROJ1:stacks/mystack/8a5fd4c3-1c2b-4b39-a1d6-0f1e2d3c4b5a/resources/dep_cfn";

        assertThat(new Ec2Signer("SECRETKEYEXAMPLE").sign("POST", "127.0.0.1:18080", path, params))
                .isEqualTo("db5FnXT5yrCdWubVvSBqSktqs63alAhfIsKZmww/CYI=");
    }

    @Test
    void signatureIsLeftOutAndEverythingButUnreservedIsEncoded() {
        Map<String, String> params = Map.of("b", "x y/z:~-_.", "a", "é", "Signature", "ignored");
        assertThat(Ec2Signer.canonicalQuery(params)).isEqualTo("a=%C3%A9&b=x%20y%2Fz%3A~-_.");
    }

    @Test
    void toStringHidesTheKey() {
        assertThat(new Ec2Signer("SECRETKEYEXAMPLE").toString()).doesNotContain("SECRETKEYEXAMPLE");
    }
}
