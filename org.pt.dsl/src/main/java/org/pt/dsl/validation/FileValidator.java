package org.pt.dsl.validation;

import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.pt.dsl.pt.Generate;
import org.pt.dsl.pt.Import;
import org.pt.dsl.pt.Model;

/**
 * What is anchored at the file itself, its imports and its outputs (e.g. an internal error when the file has no
 * machine, layout or space to put it on). An empty file has no root object at all: {@link PtResourceValidator}
 * notes it.
 */
public class FileValidator extends AbstractPtSubValidator {

    @Check(CheckType.FAST)
    public void translation(Model m) {
        reportTranslation(m);
    }

    @Check(CheckType.NORMAL)
    public void findings(Model m) {
        reportFindings(m);
    }

    @Check(CheckType.FAST)
    public void translation(Import i) {
        reportTranslation(i);
    }

    @Check(CheckType.FAST)
    public void translation(Generate g) {
        reportTranslation(g);
    }

    @Check(CheckType.NORMAL)
    public void findings(Generate g) {
        reportFindings(g);
    }
}
