package org.pt.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.util.LineAndColumn;
import org.pt.cli.CheckCommand.Checked;
import org.pt.cli.CheckCommand.Spec;
import org.pt.cli.Finding.Severity;
import org.pt.cli.Ptc.Format;
import org.pt.dsl.model.Located;
import org.pt.dsl.model.SpecAnalyzer;
import org.pt.dsl.pt.Generate;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.analysis.Subject;
import org.pt.engine.image.TableImage;
import org.pt.engine.model.Output;
import org.pt.generate.Artifact;
import org.pt.generate.Emitters;
import org.pt.generate.GenerateRefusal;
import org.pt.generate.Job;
import org.pt.generate.OutputFiles;

/**
 * {@code ptc generate}: checks the files exactly as {@code ptc check} does and prints the same report; when no file
 * has an error, runs every {@code generate} directive of the files given (in file order, then directive order) and
 * writes its files under the output directory. All or nothing: a check error, an emitter's refusal or two directives
 * writing one file is reported and nothing at all is written.
 */
final class GenerateCommand {

    /** {@code --out DIR} as given, or null: each spec's outputs go to the spec's own directory. */
    private final String outDir;
    private final PrintStream out;
    private final PrintStream err;

    GenerateCommand(String outDir, PrintStream out, PrintStream err) {
        this.outDir = outDir;
        this.out = out;
        this.err = err;
    }

    /** One directive ready to be written: its artifacts, the directory they go to (as shown) and where it is. */
    private record Planned(Path dir, List<Artifact> artifacts, String where) {
    }

    int run(List<String> arguments) {
        Checked checked = new CheckCommand(Format.TEXT, out, err).check(arguments);
        if (checked == null) {
            return Ptc.TROUBLE;
        }
        Report checks = checked.report(List.of());
        if (checks.errors() > 0) {
            out.print(checks.text());
            return checks.status();
        }
        List<Planned> plan = new ArrayList<>();
        List<Finding> problems = new ArrayList<>();
        plan(checked, plan, problems);
        Report report = checked.report(problems);
        out.print(report.text());
        if (report.errors() > 0) {
            return report.status();
        }
        return write(plan);
    }

    /** The jobs of every directive; refusals and files written twice become {@code problems}. */
    private void plan(Checked checked, List<Planned> plan, List<Finding> problems) {
        SpecAnalyzer analyzer = CheckCommand.service(SpecAnalyzer.class);
        Map<Path, String> writers = new HashMap<>(); // absolute target -> the directive that writes it
        for (Spec spec : checked.specs()) {
            SpecAnalyzer.Analysed analysed = analyzer.analysed(spec.resource());
            for (Output o : analysed.translation().model().outputs()) {
                Located directive = analysed.translation().locate(Subject.OutputRef.directive(o.index()))
                        .orElseThrow(() -> new IllegalStateException("output " + o.index() + " of " + spec.shown()
                                + " is not traced to its directive"));
                LineAndColumn at = NodeModelUtils.getLineAndColumn(node(directive), node(directive).getOffset());
                String where = spec.shown() + ":" + at.getLine() + ":" + at.getColumn();
                TableImage image = analysed.result().flatMap(r -> r.image(o.index())).orElseThrow(
                        () -> new IllegalStateException("no table image for the output at " + where));
                Job job = new Job(image, o, baseName(o), Path.of(spec.shown()).getFileName().toString(),
                        Job.DEFAULT_PREFIX);
                List<Artifact> artifacts;
                try {
                    artifacts = Emitters.of(o.kind()).emit(job);
                } catch (GenerateRefusal r) {
                    problems.add(positioned(spec.shown(), directive, Severity.ERROR, r.getMessage(),
                            IssueCodes.OUTPUT_REFUSED));
                    continue;
                }
                Path dir = directory(spec);
                for (Artifact a : artifacts) {
                    Path target = dir.toAbsolutePath().resolve(a.name()).normalize();
                    String earlier = writers.putIfAbsent(target, where);
                    if (earlier != null) {
                        Located file = directive.object() instanceof Generate g && g.getFile() != null
                                ? Located.at(g, PtPackage.Literals.GENERATE__FILE) : directive;
                        problems.add(positioned(spec.shown(), file, Severity.ERROR, "output file \""
                                + shown(dir, a.name()) + "\" is already written by the output at " + earlier,
                                IssueCodes.OUTPUT_PATH));
                        break; // one error per output: its companion files clash with the same output
                    }
                }
                plan.add(new Planned(dir, artifacts, where));
            }
        }
    }

    /** Writes the plan, one line per file, then the summary. */
    private int write(List<Planned> plan) {
        int written = 0;
        int unchanged = 0;
        for (Planned p : plan) {
            List<OutputFiles.Written> files;
            try {
                files = OutputFiles.write(p.dir(), p.artifacts());
            } catch (GenerateRefusal r) { // an emitter that refuses only while writing: a bug of the emitter's
                err.println("ptc: internal error: the output at " + p.where() + " refused while writing: "
                        + r.getMessage());
                return Ptc.TROUBLE;
            } catch (IOException | RuntimeException e) {
                err.println("ptc: cannot write the output at " + p.where() + " under " + CheckCommand.show(p.dir())
                        + ": " + CheckCommand.reason(e));
                return Ptc.TROUBLE;
            }
            for (int i = 0; i < files.size(); i++) {
                OutputFiles.Written w = files.get(i);
                String name = shown(p.dir(), p.artifacts().get(i).name());
                if (w.status() == OutputFiles.Status.WRITTEN) {
                    written++;
                    out.println("wrote " + name + " (" + size(w.bytes()) + ")");
                } else {
                    unchanged++;
                    out.println("unchanged " + name);
                }
            }
        }
        out.println("generated " + plural(plan.size(), "output") + ", " + plural(written + unchanged, "file") + ": "
                + written + " written, " + unchanged + " unchanged");
        return Ptc.OK;
    }

    /** The directory a spec's outputs go to, as shown: {@code --out DIR}, or the spec's own directory. */
    private Path directory(Spec spec) {
        if (outDir != null) {
            return Path.of(outDir);
        }
        Path parent = Path.of(spec.shown()).getParent();
        return parent == null ? Path.of("") : parent;
    }

    /**
     * The name the files of {@code o} are derived from: its {@code into} path without the file's extension
     * ({@code boot/tables} for {@code "boot/tables.c"}), or the simple name of its first space.
     */
    static String baseName(Output o) {
        if (o.file().isPresent()) {
            String file = o.file().get().replace('\\', '/');
            int slash = file.lastIndexOf('/');
            int dot = file.lastIndexOf('.');
            return dot > slash + 1 ? file.substring(0, dot) : file;
        }
        String space = o.spaces().get(0);
        return space.substring(space.lastIndexOf('.') + 1);
    }

    private static String shown(Path dir, String name) {
        return CheckCommand.show(dir.resolve(name).normalize());
    }

    /** A file's size for people: bytes below 1 KiB, else KiB, MiB or GiB rounded to the nearest. */
    static String size(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        int u = 0;
        long unit = 1024;
        while (u + 1 < units.length && bytes >= unit * 1024 - unit / 2) {
            unit *= 1024;
            u++;
        }
        return (bytes + unit / 2) / unit + " " + units[u];
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A finding at {@code where} (a feature's token, or the whole object), positioned as Xtext positions issues. */
    private static Finding positioned(String file, Located where, Severity severity, String message, String code) {
        INode node = node(where);
        LineAndColumn start = NodeModelUtils.getLineAndColumn(node, node.getOffset());
        LineAndColumn end = NodeModelUtils.getLineAndColumn(node, node.getEndOffset());
        return new Finding(file, start.getLine(), start.getColumn(), end.getLine(), end.getColumn(), severity, message,
                code);
    }

    /** The node of a feature's token, or of the whole object. */
    private static INode node(Located where) {
        INode node = null;
        if (where.feature() != null) {
            List<INode> nodes = NodeModelUtils.findNodesForFeature(where.object(), where.feature());
            if (!nodes.isEmpty()) {
                node = nodes.get(Math.min(Math.max(where.index(), 0), nodes.size() - 1));
            }
        }
        return node != null ? node : NodeModelUtils.getNode(where.object());
    }
}
