package dev.squall.engine.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.ForbiddenException;
import dev.squall.engine.auth.AuthService;
import dev.squall.engine.auth.PasswordHasher;
import dev.squall.engine.auth.Principal;
import dev.squall.engine.store.Database;
import dev.squall.engine.store.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthorizerTest {

  @TempDir Path home;
  private Database db;
  private AuthService users;
  private Authorizer rbac;

  @BeforeEach
  void open() throws IOException {
    db = Database.open(StoreConfig.h2File(home));
    users = new AuthService(db.dataSource(), new PasswordHasher(1000), Clock.systemUTC(), Duration.ofHours(1));
    rbac = new Authorizer(users, true);
    users.createUser("root", null, true);
    users.createUser("olive", null, false, List.of("observer"));
    users.createUser("pat", null, false);
    users.createUser("nobody", null, false);
    write("roles/pack_runner.yaml", """
        name: "examples_runner"
        description: "May run the examples pack's actions"
        permission_grants:
          - resource_uid: "pack:examples"
            permission_types: ["action_execute"]
          - permission_types: ["action_list"]
        """);
    write("roles/off.yaml", """
        name: "switched_off"
        enabled: false
        permission_grants:
          - permission_types: ["action_list"]
        """);
    write("assignments/pat.yaml", """
        username: "pat"
        roles: ["examples_runner"]
        """);
    rbac.apply(RbacDefinitions.load(home.resolve("rbac")));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private void write(String rel, String text) throws IOException {
    Path f = home.resolve("rbac").resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  private static Principal user(String name) {
    return new Principal(name, false, "token");
  }

  @Test
  void aPackGrantCoversThePacksActionsAndImpliesViewButNothingElse() {
    Principal pat = user("pat");
    assertThat(rbac.allowed(pat, PermissionType.ACTION_EXECUTE, Target.action("examples.hello"))).isTrue();
    assertThat(rbac.allowed(pat, PermissionType.ACTION_VIEW, Target.action("examples.hello"))).isTrue();
    assertThat(rbac.allowed(pat, PermissionType.ACTION_LIST, Target.GLOBAL)).isTrue();
    assertThat(rbac.allowed(pat, PermissionType.ACTION_EXECUTE, Target.action("core.local"))).isFalse();
    assertThat(rbac.allowed(pat, PermissionType.ACTION_DELETE, Target.action("examples.hello"))).isFalse();
    assertThat(rbac.allowed(pat, PermissionType.RULE_LIST, Target.GLOBAL)).isFalse();
  }

  @Test
  void anExecutionInheritsItsActionsGrants() {
    Principal pat = user("pat");
    assertThat(rbac.allowed(pat, PermissionType.EXECUTION_VIEW, Target.execution("e1", "examples.hello"))).isTrue();
    assertThat(rbac.allowed(pat, PermissionType.EXECUTION_RERUN, Target.execution("e1", "examples.hello"))).isTrue();
    assertThat(rbac.allowed(pat, PermissionType.EXECUTION_STOP, Target.execution("e2", "core.local"))).isFalse();
    assertThat(rbac.allowed(pat, PermissionType.EXECUTION_VIEW, Target.execution("e2", "core.local"))).isFalse();
  }

  @Test
  void theObserverSeesEverythingAndChangesNothing() {
    Principal olive = user("olive");
    assertThat(rbac.allowed(olive, PermissionType.EXECUTION_VIEW, Target.execution("e1", "core.local"))).isTrue();
    assertThat(rbac.allowed(olive, PermissionType.RULE_LIST, Target.GLOBAL)).isTrue();
    assertThat(rbac.allowed(olive, PermissionType.ACTION_EXECUTE, Target.action("core.local"))).isFalse();
    assertThat(rbac.allowed(olive, PermissionType.KEY_VALUE_PAIR_SET, Target.key("st2kv.system", "k"))).isFalse();
  }

  @Test
  void aUserWithoutRolesMayDoNothingAndAnAdminEverything() {
    assertThat(rbac.allowed(user("nobody"), PermissionType.ACTION_LIST, Target.GLOBAL)).isFalse();
    assertThat(rbac.allowed(user("root"), PermissionType.ACTION_EXECUTE, Target.action("core.local"))).isTrue();
    assertThat(rbac.rolesOf("root")).containsExactly("admin");
    assertThat(rbac.rolesOf("pat")).containsExactly("examples_runner");
  }

  @Test
  void aGroupMappingGivesItsRolesToTheUsersDeclaredInTheGroup() throws IOException {
    write("mappings/runners.yaml", """
        group: "CN=runners,OU=groups"
        description: "Runners run examples"
        roles: ["examples_runner"]
        """);
    write("mappings/off.yaml", """
        group: "CN=off,OU=groups"
        roles: ["observer"]
        enabled: false
        """);
    rbac.apply(RbacDefinitions.load(home.resolve("rbac")));
    users.setGroups("nobody", List.of("CN=runners,OU=groups", "CN=off,OU=groups"));
    users.setGroups("olive", List.of("cn=runners,ou=groups"));
    assertThat(rbac.rolesOf("nobody")).containsExactly("examples_runner");
    assertThat(rbac.allowed(user("nobody"), PermissionType.ACTION_EXECUTE, Target.action("examples.hello"))).isTrue();
    assertThat(rbac.rolesOf("olive")).as("group names are case-sensitive").containsExactly("observer");
    assertThat(rbac.assignments()).filteredOn(RoleAssignment::remote)
        .extracting(a -> a.user() + ":" + a.role() + ":" + a.source().endsWith("runners.yaml"))
        .containsExactly("nobody:examples_runner:true");
    users.setGroups("nobody", List.of());
    assertThat(rbac.rolesOf("nobody")).isEmpty();
  }

  @Test
  void aMappingToAnUnknownRoleOrTwoFilesForOneGroupAreRefused() throws IOException {
    write("mappings/a.yaml", "group: ops\nroles: [\"wizard\"]\n");
    assertThatThrownBy(() -> RbacDefinitions.load(home.resolve("rbac"))).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("a.yaml").hasMessageContaining("wizard");
    write("mappings/a.yaml", "group: ops\nroles: [\"observer\"]\n");
    write("mappings/b.yaml", "group: ops\nroles: [\"admin\"]\n");
    assertThatThrownBy(() -> RbacDefinitions.load(home.resolve("rbac"))).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("Duplicate definition file found for group \"ops\"");
  }

  @Test
  void aDenialSaysWhatWasMissingAsStackStormDoes() {
    assertThatThrownBy(() -> rbac.check(user("pat"), PermissionType.ACTION_EXECUTE, Target.action("core.local")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("User \"pat\" doesn't have required permission \"action_execute\" on resource \"action:core:local\"");
  }

  @Test
  void disabledRolesAreSkippedAndRolesAndAssignmentsAreListed() {
    assertThat(rbac.roles()).extracting(Role::name)
        .containsExactly("system_admin", "admin", "observer", "examples_runner");
    assertThat(rbac.assignments()).extracting(a -> a.user() + ":" + a.role() + ":" + (a.source().equals("api") ? "api" : "file"))
        .containsExactlyInAnyOrder("root:admin:api", "olive:observer:api", "pat:examples_runner:file");
  }

  @Test
  void withRbacDisabledEveryUserMayDoEverything() {
    Authorizer off = new Authorizer(users, false);
    assertThat(off.allowed(user("nobody"), PermissionType.ACTION_EXECUTE, Target.action("core.local"))).isTrue();
  }

  @Test
  void aGrantThatStackStormRejectsIsAnErrorNamingItsFile() throws IOException {
    write("roles/bad.yaml", """
        name: "bad"
        permission_grants:
          - permission_types: ["action_execute"]
        """);
    assertThatThrownBy(() -> RbacDefinitions.load(home.resolve("rbac")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("bad.yaml")
        .hasMessageContaining("action_execute").hasMessageContaining("without a resource_uid");
    write("roles/bad.yaml", """
        name: "bad"
        permission_grants:
          - resource_uid: "rule:examples:r"
            permission_types: ["action_execute"]
        """);
    assertThatThrownBy(() -> RbacDefinitions.load(home.resolve("rbac")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("for resource \"rule:examples:r\"");
  }

  @Test
  void twoFilesForOneUserOrAnUnknownRoleAreRefused() throws IOException {
    write("assignments/pat2.yaml", """
        username: "pat"
        roles: ["observer"]
        """);
    assertThatThrownBy(() -> RbacDefinitions.load(home.resolve("rbac")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("Duplicate definition file");
    Files.delete(home.resolve("rbac/assignments/pat2.yaml"));
    write("assignments/zed.yaml", """
        username: "zed"
        roles: ["no_such_role"]
        """);
    assertThatThrownBy(() -> RbacDefinitions.load(home.resolve("rbac")))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("no_such_role");
  }
}
