package org.pt.dsl.validation;

import com.google.inject.Inject;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.EValidatorRegistrar;
import org.pt.dsl.model.Brokenness;
import org.pt.dsl.model.SpecAnalyzer;
import org.pt.dsl.model.SpecIssue;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.pt.Space;
import org.pt.dsl.pt.Statement;

/**
 * A validator for one concern, composed into {@link PtValidator}: it checks the form rules of its elements that need
 * no engine ({@code FAST}), and reports, on the anchors it is responsible for, the translation problems ({@code FAST}:
 * vocabulary, numbers, format parameters) and the engine's findings ({@code NORMAL}) that {@link SpecAnalyzer}
 * computed once for the resource. The translator leaves a malformed element out without a word.
 */
public abstract class AbstractPtSubValidator extends AbstractDeclarativeValidator {

    @Inject
    private SpecAnalyzer analyzer;

    /** Composed into {@link PtValidator}: never registered on its own (it would report everything twice). */
    @Override
    public void register(EValidatorRegistrar registrar) {
    }

    @Override
    protected List<EPackage> getEPackages() {
        return List.of(PtPackage.eINSTANCE);
    }

    /** Reports the translation problems anchored at {@code anchor}. */
    protected void reportTranslation(EObject anchor) {
        if (anchor.eResource() == null) {
            return;
        }
        report(anchor, analyzer.translated(anchor.eResource()).issues().at(anchor));
    }

    /** Reports the engine findings anchored at {@code anchor}. */
    protected void reportFindings(EObject anchor) {
        if (anchor.eResource() == null) {
            return;
        }
        report(anchor, analyzer.analysed(anchor.eResource()).findings().at(anchor));
    }

    private void report(EObject anchor, List<SpecIssue> issues) {
        for (SpecIssue i : issues) {
            String[] data = i.data().toArray(new String[0]);
            try {
                switch (i.severity()) {
                    case ERROR -> error(i.message(), i.at().object(), i.at().feature(), i.at().index(), i.code(), data);
                    case WARNING -> warning(i.message(), i.at().object(), i.at().feature(), i.at().index(), i.code(),
                            data);
                    default -> info(i.message(), i.at().object(), i.at().feature(), i.at().index(), i.code(), data);
                }
            } catch (RuntimeException e) {
                // never let a placement bug make validation pass silently
                error("internal error while analysing: " + (e.getMessage() == null ? e.toString() : e.getMessage()),
                        anchor, null, IssueCodes.INTERNAL);
            }
        }
    }

    /**
     * Reports a form error (a rule that needs no engine), unless the line it is on has a syntax error: what is said
     * about a line the parser could not read is noise.
     */
    protected void formError(String message, EObject object, EStructuralFeature feature, String code, String... data) {
        if (!Brokenness.inSyntaxError(object)) {
            error(message, object, feature, code, data);
        }
    }

    /** Reports each statement of {@code type} in {@code s} after the first: {@code 'what' is given twice}. */
    protected void givenOnce(Space s, Class<? extends Statement> type, String what) {
        boolean seen = false;
        for (Statement st : s.getStatements()) {
            if (type.isInstance(st)) {
                if (seen) {
                    formError("'" + what + "' is given twice in space '" + s.getName() + "'", st, null,
                            IssueCodes.GIVEN_TWICE);
                }
                seen = true;
            }
        }
    }
}
