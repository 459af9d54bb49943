package io.shouhu.fhir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HAPI's validator re-reads {@code oidregistry.csv} (1.5 MB) for every validation, most of its cost;
 * a header-only copy first on the class path removes that (STACK-NOTES). In the boot jar the
 * libraries' order is not the module's, so the application's own classes (BOOT-INF/classes, always
 * first) carry the copy; this checks the application's class path picks it.
 */
class OidRegistryOverrideTests {

	@Test
	void theApplicationSeesTheHeaderOnlyRegistry() throws Exception {
		try (InputStream in = getClass().getClassLoader().getResourceAsStream("oidregistry.csv")) {
			assertThat(in).isNotNull();
			String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(content.strip()).isEqualTo("Comp_OID,Oid_Type,Symbolic_name,CodingSystemName");
		}
		assertThat(getClass().getClassLoader().getResource("oidregistry.csv").toString())
			.as("from the server's own resources").contains("server/target/classes");
	}
}
