package org.storagekit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.storagekit.Capability;
import org.storagekit.Storages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code storage providers}: the schemes found on the class path and their capabilities. */
@Command(name = "providers", description = "List the storage providers found: URI scheme, capabilities, class.")
final class ProvidersCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Option(names = "--json", description = "Print a JSON array of {scheme, capabilities, provider}.")
  private boolean json;

  @Override
  public Integer call() {
    List<Storages.Provider> providers = Storages.available();
    if (json) {
      List<Object> list = new ArrayList<>();
      for (Storages.Provider p : providers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scheme", p.scheme());
        m.put("capabilities", capabilities(p));
        m.put("provider", p.implementation());
        list.add(m);
      }
      cli.out().println(Json.write(list));
    } else {
      int width = providers.stream().mapToInt(p -> String.join(",", capabilities(p)).length()).max().orElse(0);
      for (Storages.Provider p : providers) {
        cli.out().println(String.format("%-8s %-" + Math.max(1, width) + "s  %s", p.scheme(),
            String.join(",", capabilities(p)), p.implementation()));
      }
    }
    cli.out().flush();
    if (providers.isEmpty()) {
      throw new CliException(ExitCodes.FAILURE, "no storage providers found; the jar is incomplete: rebuild it");
    }
    return ExitCodes.OK;
  }

  private static List<String> capabilities(Storages.Provider p) {
    return p.capabilities().stream().sorted().map(Capability::name).collect(Collectors.toList());
  }
}
