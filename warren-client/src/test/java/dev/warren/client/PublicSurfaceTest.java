/*
 * Copyright 2026 The Warren Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.warren.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards what a user can read: the public and protected types of every package that a module which
 * {@code requires dev.warren.client} can read. That is every package dev.warren.client exports to
 * all modules, and every package exported to all by a module it {@code requires transitive},
 * recursively (JDK modules aside). Qualified exports ({@code exports p to m}) do not count: a
 * user's module cannot read them.
 *
 * <p>The modules are read from their {@code module-info.class} on this test's module or class path,
 * so the count is that of the code just built. docs/architecture.md ("What a user can read") states
 * the counts; change both together.
 */
class PublicSurfaceTest {
  /**
   * The most types a user may see: what they see today (118 = 76 client + 6 client.rpc + 28 errors
   * + 8 protocol, down from 176 while the engine was transitive and the codec exported to all). A
   * new public type raises it on purpose, with docs/architecture.md ("What a user can read").
   */
  private static final int MAX_READABLE_TYPES = 118;

  @Test
  void aUserOfTheClientReadsAtMostTheBudgetOfTypes() {
    Surface surface = Surface.of("dev.warren.client");
    System.out.println(surface.report());
    assertThat(surface.total())
        .as("types readable by a module that requires dev.warren.client:%n%s", surface.report())
        .isLessThanOrEqualTo(MAX_READABLE_TYPES);
  }

  @Test
  void theClientDoesNotHandItsEngineToUsers() {
    Surface surface = Surface.of("dev.warren.client");
    assertThat(surface.modules()).doesNotContain("dev.warren.engine");
    assertThat(surface.packages())
        .noneMatch(p -> p.startsWith("dev.warren.engine") || p.contains(".internal"))
        .doesNotContain("dev.warren.protocol.codec", "dev.warren.protocol.method");
  }

  @Test
  void noReadableSignatureNamesATypeTheUserCannotRead() {
    Surface surface = Surface.of("dev.warren.client");
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : surface.types()) {
      for (Map.Entry<String, Type> use : signatureTypes(type)) {
        for (Class<?> named : classesIn(use.getValue())) {
          if (!surface.canRead(named)) {
            leaks.add(use.getKey() + " names " + named.getName());
          }
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  /** The types a readable type's public and protected signatures name, each with where. */
  private static List<Map.Entry<String, Type>> signatureTypes(Class<?> type) {
    List<Map.Entry<String, Type>> uses = new ArrayList<>();
    String name = type.getName();
    if (type.getGenericSuperclass() != null) {
      uses.add(Map.entry(name + " extends", type.getGenericSuperclass()));
    }
    Type[] interfaces = type.getGenericInterfaces();
    for (int i = 0; i < interfaces.length; i++) {
      uses.add(Map.entry(name + " implements #" + i, interfaces[i]));
    }
    for (Field field : type.getDeclaredFields()) {
      if (visible(field.getModifiers()) && !field.isSynthetic()) {
        uses.add(Map.entry(name + "." + field.getName(), field.getGenericType()));
      }
    }
    List<Executable> executables = new ArrayList<>();
    executables.addAll(List.of(type.getDeclaredConstructors()));
    executables.addAll(List.of(type.getDeclaredMethods()));
    for (Executable executable : executables) {
      if (!visible(executable.getModifiers()) || executable.isSynthetic()) {
        continue;
      }
      String where = name + "." + executable.getName() + "(" + executable.getParameterCount() + ")";
      if (executable instanceof Method method) {
        if (method.isBridge()) {
          continue;
        }
        uses.add(Map.entry(where + " returns", method.getGenericReturnType()));
      }
      Type[] parameters = executable.getGenericParameterTypes();
      for (int i = 0; i < parameters.length; i++) {
        uses.add(Map.entry(where + " parameter #" + i, parameters[i]));
      }
      Type[] thrown = executable.getGenericExceptionTypes();
      for (int i = 0; i < thrown.length; i++) {
        uses.add(Map.entry(where + " throws #" + i, thrown[i]));
      }
    }
    return uses;
  }

  private static Set<Class<?>> classesIn(Type type) {
    Set<Class<?>> classes = new HashSet<>();
    Deque<Type> todo = new ArrayDeque<>(List.of(type));
    Set<Type> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Type t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof Class<?> c) {
        while (c.isArray()) {
          c = c.getComponentType();
        }
        if (!c.isPrimitive()) {
          classes.add(c);
        }
      } else if (t instanceof ParameterizedType p) {
        todo.push(p.getRawType());
        if (p.getOwnerType() != null) {
          todo.push(p.getOwnerType());
        }
        todo.addAll(List.of(p.getActualTypeArguments()));
      } else if (t instanceof GenericArrayType a) {
        todo.push(a.getGenericComponentType());
      } else if (t instanceof WildcardType w) {
        todo.addAll(List.of(w.getUpperBounds()));
        todo.addAll(List.of(w.getLowerBounds()));
      } else if (t instanceof TypeVariable<?> v) {
        todo.addAll(List.of(v.getBounds()));
      }
    }
    return classes;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  /** The readable modules, packages and types of a module's user. */
  record Surface(Set<String> modules, Map<String, List<Class<?>>> byPackage) {

    static Surface of(String root) {
      ModuleFinder finder = warrenModules();
      Set<String> modules = new TreeSet<>();
      Map<String, List<Class<?>>> byPackage = new TreeMap<>();
      Deque<String> todo = new ArrayDeque<>(List.of(root));
      while (!todo.isEmpty()) {
        String name = todo.pop();
        if (isJdk(name) || !modules.add(name)) {
          continue;
        }
        ModuleReference module =
            finder
                .find(name)
                .orElseThrow(() -> new AssertionError("module " + name + " is not on the path"));
        ModuleDescriptor descriptor = module.descriptor();
        for (ModuleDescriptor.Requires requires : descriptor.requires()) {
          if (requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)) {
            todo.push(requires.name());
          }
        }
        for (ModuleDescriptor.Exports exports : descriptor.exports()) {
          if (!exports.isQualified()) {
            byPackage.put(exports.source(), readableTypes(module, exports.source()));
          }
        }
      }
      return new Surface(modules, byPackage);
    }

    Set<String> packages() {
      return byPackage.keySet();
    }

    int total() {
      return byPackage.values().stream().mapToInt(List::size).sum();
    }

    List<Class<?>> types() {
      return byPackage.values().stream().flatMap(List::stream).toList();
    }

    /** A readable Warren type, or a type the JDK exports (java.base and the other JDK modules). */
    boolean canRead(Class<?> type) {
      Module module = type.getModule();
      if (module.isNamed() && isJdk(module.getName())) {
        return module.isExported(type.getPackageName()) && readable(type);
      }
      return byPackage.containsKey(type.getPackageName()) && readable(type);
    }

    private static boolean isJdk(String module) {
      return ModuleFinder.ofSystem().find(module).isPresent();
    }

    String report() {
      StringBuilder out = new StringBuilder();
      out.append("Readable by a module that requires dev.warren.client (modules ")
          .append(String.join(", ", modules))
          .append("):\n");
      byPackage.forEach(
          (pkg, types) -> {
            long nested = types.stream().filter(t -> t.getEnclosingClass() != null).count();
            out.append(
                String.format(
                    "  %-28s %3d (%d top-level, %d nested)%n",
                    pkg, types.size(), types.size() - nested, nested));
          });
      out.append(String.format("  %-28s %3d%n", "total", total()));
      return out.toString();
    }

    private static List<Class<?>> readableTypes(ModuleReference module, String pkg) {
      String dir = pkg.replace('.', '/') + "/";
      List<Class<?>> types = new ArrayList<>();
      try (ModuleReader reader = module.open();
          Stream<String> resources = reader.list()) {
        List<String> classFiles =
            resources
                .filter(r -> r.startsWith(dir) && r.endsWith(".class"))
                .filter(r -> r.indexOf('/', dir.length()) < 0)
                .filter(r -> !r.endsWith("package-info.class"))
                .sorted()
                .toList();
        for (String classFile : classFiles) {
          String binaryName = classFile.substring(0, classFile.length() - 6).replace('/', '.');
          Class<?> type =
              Class.forName(binaryName, false, PublicSurfaceTest.class.getClassLoader());
          if (readable(type)) {
            types.add(type);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
      return types;
    }

    /** Public top-level, or public or protected member of a readable type. */
    private static boolean readable(Class<?> type) {
      if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
        return false;
      }
      Class<?> outer = type.getDeclaringClass();
      if (outer == null) {
        return Modifier.isPublic(type.getModifiers());
      }
      return visible(type.getModifiers()) && readable(outer);
    }

    /** The Warren modules of this run: every explicit module on the module and class paths. */
    private static ModuleFinder warrenModules() {
      List<Path> roots = new ArrayList<>();
      for (String property : List.of("jdk.module.path", "java.class.path")) {
        String value = System.getProperty(property);
        if (value == null || value.isEmpty()) {
          continue;
        }
        for (String entry : value.split(java.io.File.pathSeparator)) {
          Path path = Path.of(entry);
          if (isExplicitModule(path)) {
            roots.add(path);
          }
        }
      }
      roots.add(locationOf(Connection.class));
      roots.add(locationOf(dev.warren.protocol.BasicProperties.class));
      return ModuleFinder.of(roots.stream().distinct().toArray(Path[]::new));
    }

    private static boolean isExplicitModule(Path path) {
      if (Files.isDirectory(path)) {
        return Files.isRegularFile(path.resolve("module-info.class"));
      }
      if (!Files.isRegularFile(path) || !path.toString().endsWith(".jar")) {
        return false;
      }
      try (JarFile jar = new JarFile(path.toFile())) {
        return jar.getEntry("module-info.class") != null;
      } catch (IOException e) {
        return false;
      }
    }

    private static Path locationOf(Class<?> type) {
      try {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      } catch (URISyntaxException e) {
        throw new AssertionError(e);
      }
    }
  }
}
