package dev.hearth.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import dev.hearth.secret.Secrets;
import org.junit.jupiter.api.Test;

/** Which inputs reach a tool, and which values are masked: logic only (the hooks' tests run the tools). */
class HeatInputsTest {
    private static ObjectNode doc() {
        ObjectNode d = Json.object().put("id", "d1").put("group", "script");
        ArrayNode in = d.putArray("inputs");
        in.addObject().put("name", "db_password").put("value", "db-pw-5678");
        in.addObject().put("name", "plain").put("value", "visible");
        in.addObject().put("name", "license").put("value", "lic-ABCD-1234");
        in.addObject().put("name", "deploy_action").put("value", "CREATE");
        in.addObject().put("name", "deploy_server_id").put("value", "srv-1");
        in.addObject().put("name", "deploy_signal_transport").put("value", "ZAQAR_SIGNAL");
        in.addObject().put("name", "deploy_auth_url").put("value", "http://keystone:5000/v3");
        in.addObject().put("name", "deploy_username").put("value", "stack-user-x7y6");
        in.addObject().put("name", "deploy_user_id").put("value", "uid-9f8e7d");
        in.addObject().put("name", "deploy_password").put("value", "pw-s3cr3t");
        in.addObject().put("name", "deploy_project_id").put("value", "pid-6c5b4a");
        in.addObject().put("name", "deploy_region_name").put("value", "regionOne");
        in.addObject().put("name", "deploy_queue_id").put("value", "qid-3a2b1c");
        return d;
    }

    @Test
    void everyUserInputPassesAndOnlyHeatsSignallingInputsAreWithheld() {
        Deployment d = Deployment.fromJson(doc(), "$");
        assertThat(HeatInputs.exported(d).keySet())
                .containsExactly("db_password", "plain", "license", "deploy_action", "deploy_server_id");
    }

    @Test
    void withholdInputsAddsNamesAndSecretInputsPassesASignallingOneBack() {
        ObjectNode doc = doc();
        doc.putObject("options")
                .put("withhold_inputs", "license, plain")
                .putArray("secret_inputs")
                .add("deploy_auth_url");
        Deployment d = Deployment.fromJson(doc, "$");
        assertThat(HeatInputs.exported(d).keySet())
                .containsExactly("db_password", "deploy_action", "deploy_server_id", "deploy_auth_url");
    }

    @Test
    void passedSecretLookingInputsIdentitiesAndWithheldInputsAreMasked() {
        ObjectNode doc = doc();
        doc.putObject("options").putArray("withhold_inputs").add("license");
        Secrets secrets = DeploymentSecrets.of(Deployment.fromJson(doc, "$"));
        String text =
                "db-pw-5678 lic-ABCD-1234 pw-s3cr3t stack-user-x7y6 uid-9f8e7d pid-6c5b4a qid-3a2b1c visible POST";
        assertThat(secrets.mask(text)).isEqualTo("***** ***** ***** ***** ***** ***** ***** visible POST");
    }

    @Test
    void aWithholdOptionOfTheWrongTypeIsRefusedWithItsPath() {
        ObjectNode number = doc();
        number.putObject("options").put("withhold_inputs", 3);
        assertThatThrownBy(() -> Deployment.fromJson(number, "$.deployments[0]"))
                .isInstanceOf(InvalidDeploymentException.class)
                .hasMessage(
                        "$.deployments[0].options.withhold_inputs: must be a list of input names or a comma-separated string");
        ObjectNode item = doc();
        item.putObject("options").putArray("withhold_inputs").add("plain").addObject();
        assertThatThrownBy(() -> Deployment.fromJson(item, "$"))
                .hasMessage("$.options.withhold_inputs[1]: must be an input name (a string)");
        ObjectNode pass = doc();
        pass.putObject("options").put("secret_inputs", true);
        assertThatThrownBy(() -> Deployment.fromJson(pass, "$"))
                .hasMessage("$.options.secret_inputs: must be a list of input names or a comma-separated string");
    }
}
