package org.pt.dsl.validation;

import org.eclipse.xtext.validation.ComposedChecks;
import org.pt.dsl.model.SpecAnalyzer;
import org.pt.dsl.scoping.ImportValidator;

/**
 * The entry validator of the PT language. It composes one validator per concern; each reports, on its own elements,
 * what {@link SpecAnalyzer} found once for the resource: translation problems (vocabulary, numbers, forms) as
 * {@code FAST} checks and the engine's findings as {@code NORMAL} checks. The rules live in the translator and in
 * the engine; validators only report. Issue codes: {@link IssueCodes}.
 */
@ComposedChecks(validators = {FileValidator.class, ImportValidator.class, NamesValidator.class, MachineValidator.class,
        LayoutValidator.class, MappingValidator.class, StrategyValidator.class, QueryValidator.class})
public class PtValidator extends AbstractPtValidator {
}
