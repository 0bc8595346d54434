package dev.hearth.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.constant.ClassDesc;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Rewrites the class files of a jar that are older than version 50 (Java 6) to version 52 (Java 8), with
 * the stack maps that version requires, in place. The JDK's AOT cache (Java 24+) leaves out every class
 * the old type-inferring verifier has to check, so such a library (picocli 4.7 is built for Java 5) was
 * read from the jar and verified again on every start of every command. Only the class-file version and
 * the stack maps change: the code, constant pool entries, attributes and annotations are carried over.
 *
 * <p>Run with the build JDK (the java.lang.classfile API is Java 24+) by the agent module's package phase
 * on the shaded jar: {@code java agent/src/build/java/dev/hearth/build/ClassFileUpgrade.java JAR}.
 */
public final class ClassFileUpgrade {
    /** From this version on a class carries stack maps (verified by type checking) and may be cached. */
    static final int FIRST_WITH_STACK_MAPS = 50;

    static final int TARGET = ClassFile.JAVA_8_VERSION;

    private ClassFileUpgrade() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ClassFileUpgrade JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        int n = upgrade(jar);
        System.out.println("ClassFileUpgrade: " + n + " class files of " + jar.getFileName()
                + " rewritten to version " + TARGET + " with stack maps");
    }

    /** Rewrites the jar's old class files; returns how many there were. */
    static int upgrade(Path jar) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            Path root = zip.getPath("/");
            List<Path> old = new ArrayList<>();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (p.toString().endsWith(".class")
                            && Files.isRegularFile(p)
                            && majorVersion(p) < FIRST_WITH_STACK_MAPS) old.add(p);
                }
            }
            // Merging frames needs the supertypes of the jar's own classes, read from the jar itself;
            // the JDK's come from the running JDK.
            ClassHierarchyResolver jarClasses = ClassHierarchyResolver.ofResourceParsing(desc -> open(root, desc));
            ClassFile cf = ClassFile.of(
                    ClassFile.ClassHierarchyResolverOption.of(
                            jarClasses.orElse(ClassHierarchyResolver.defaultResolver()).cached()),
                    ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
            // Rebuilding each method body (rather than copying its bytes) is what makes the library
            // generate the stack maps.
            ClassTransform upgrade = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                    .andThen((builder, element) -> {
                        if (element instanceof ClassFileVersion) builder.withVersion(TARGET, 0);
                        else builder.with(element);
                    });
            for (Path p : old) {
                FileTime time = Files.getLastModifiedTime(p);
                byte[] rewritten = cf.transformClass(cf.parse(Files.readAllBytes(p)), upgrade);
                Files.write(p, rewritten);
                Files.setLastModifiedTime(p, time);
            }
            return old.size();
        }
    }

    private static int majorVersion(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile)) {
            byte[] head = in.readNBytes(8);
            if (head.length < 8) throw new IOException(classFile + " is not a class file");
            return ((head[6] & 0xff) << 8) | (head[7] & 0xff);
        }
    }

    private static InputStream open(Path root, ClassDesc desc) {
        String descriptor = desc.descriptorString();
        if (!descriptor.startsWith("L")) return null;
        Path p = root.resolve(descriptor.substring(1, descriptor.length() - 1) + ".class");
        try {
            return Files.isRegularFile(p) ? Files.newInputStream(p) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
