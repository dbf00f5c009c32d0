package org.pt.dsl.ide.rename;

import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.EObjectDescription;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.ide.serializer.impl.EObjectDescriptionProvider;
import org.pt.dsl.pt.Element;
import org.pt.dsl.pt.Layout;
import org.pt.dsl.pt.Model;
import org.pt.dsl.pt.Region;
import org.pt.dsl.scoping.PtQualifiedNameProvider;

/**
 * The names Xtext's rename compares before and after a change, to find the references it must rewrite: the exported
 * machines, layouts and spaces, plus each region as {@code layout.region}. Regions have no qualified name of their
 * own (nothing outside their layout's spaces sees them), so without this a renamed region's references, in its file
 * or in the files whose spaces use its layout, would keep the old name.
 */
public class PtEObjectDescriptionProvider extends EObjectDescriptionProvider {

    @Inject
    private PtQualifiedNameProvider names;

    @Override
    public Iterable<IEObjectDescription> getEObjectDescriptions(Resource resource) {
        List<IEObjectDescription> all = new ArrayList<>();
        super.getEObjectDescriptions(resource).forEach(all::add);
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model)) {
            return all;
        }
        for (Element element : model.getElements()) {
            QualifiedName layoutName = element instanceof Layout ? names.getFullyQualifiedName(element) : null;
            if (layoutName == null) {
                continue;
            }
            for (Region region : ((Layout) element).getRegions()) {
                if (region.getName() != null && !region.getName().isEmpty()) {
                    all.add(EObjectDescription.create(layoutName.append(region.getName()), region));
                }
            }
        }
        return all;
    }
}
