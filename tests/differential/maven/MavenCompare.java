// Differential-test oracle for src/matching/version/maven.rs.
//
// Reads lines "HEX_A HEX_B" (each version as hex-encoded UTF-8) on stdin and
// prints one line per pair: "invalid" when Maven rejects either version,
// else the sign of ComparableVersion(a).compareTo(ComparableVersion(b)).
// "Rejects" is what Maven's own DefaultModelValidator.validateVersion reports
// for a dependency version (called reflectively: it is private), plus the
// empty version, which Maven reports as missing.
//
// With "--version" prints the maven-artifact version instead.
// Classpath: maven-artifact, maven-model-builder, maven-model,
// maven-builder-support (Debian's /usr/share/maven/lib).

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.maven.artifact.versioning.ComparableVersion;

public class MavenCompare {
    private static Object validator;
    private static Method validateVersion;
    private static Object collector;
    private static final AtomicInteger problems = new AtomicInteger();
    private static Object severityError;
    private static Object modelVersion20;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--version")) {
            System.out.println(ComparableVersion.class.getPackage().getImplementationVersion());
            return;
        }
        setUpValidator();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.split(" ", -1);
            String a = unhex(parts[0]);
            String b = unhex(parts.length > 1 ? parts[1] : "");
            if (!valid(a) || !valid(b)) {
                out.println("invalid");
                continue;
            }
            int c = new ComparableVersion(a).compareTo(new ComparableVersion(b));
            out.println(Integer.signum(c));
        }
        out.flush();
    }

    private static boolean valid(String v) throws Exception {
        if (v.isEmpty()) {
            return false;
        }
        problems.set(0);
        Object ok = validateVersion.invoke(validator, "dependencies.dependency.", "version", collector,
                severityError, modelVersion20, v, "g:a", null);
        return (Boolean) ok && problems.get() == 0;
    }

    private static void setUpValidator() throws Exception {
        ClassLoader cl = MavenCompare.class.getClassLoader();
        Class<?> dmv = Class.forName("org.apache.maven.model.validation.DefaultModelValidator", true, cl);
        Class<?> mvp = Class.forName("org.apache.maven.model.interpolation.ModelVersionProcessor", true, cl);
        Class<?> mpc = Class.forName("org.apache.maven.model.building.ModelProblemCollector", true, cl);
        Class<?> sev = Class.forName("org.apache.maven.model.building.ModelProblem$Severity", true, cl);
        Class<?> ver = Class.forName("org.apache.maven.model.building.ModelProblem$Version", true, cl);
        Class<?> tracker = Class.forName("org.apache.maven.model.InputLocationTracker", true, cl);
        Constructor<?> ctor = dmv.getConstructor(mvp);
        validator = ctor.newInstance(new Object[] {null});
        validateVersion = dmv.getDeclaredMethod("validateVersion", String.class, String.class, mpc, sev, ver,
                String.class, String.class, tracker);
        validateVersion.setAccessible(true);
        collector = Proxy.newProxyInstance(cl, new Class<?>[] {mpc}, (proxy, method, margs) -> {
            if (method.getName().equals("add")) {
                problems.incrementAndGet();
            }
            return null;
        });
        severityError = sev.getField("ERROR").get(null);
        modelVersion20 = ver.getField("V20").get(null);
    }

    private static String unhex(String h) {
        byte[] bytes = new byte[h.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
