package org.pt.dsl.validation;

import org.eclipse.xtext.validation.ComposedChecks;
import org.pt.dsl.model.SpecAnalyzer;
import org.pt.dsl.scoping.ImportValidator;

/**
 * The entry validator of the PT language. It composes one validator per concern; each checks the form rules of its
 * elements ({@code FAST}) and reports, on its own elements, what {@link SpecAnalyzer} found once for the resource:
 * translation problems (vocabulary, numbers, format parameters) as {@code FAST} checks and the engine's findings as
 * {@code NORMAL} checks. Rules that need the engine live in the engine. Issue codes: {@link IssueCodes}.
 */
@ComposedChecks(validators = {FileValidator.class, ImportValidator.class, NamesValidator.class, MachineValidator.class,
        LayoutValidator.class, MappingValidator.class, StrategyValidator.class, QueryValidator.class})
public class PtValidator extends AbstractPtValidator {
}
