using System.Reflection;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>Every spec in <see cref="SpecCatalog.All"/> is proven able to fire, and to stay silent, by a test class of its own.</summary>
public sealed class CatalogCoverageTests
{
    public static TheoryData<string> Specs => new(SpecCatalog.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Specs))]
    public void The_spec_has_fire_and_silent_tests(string name)
    {
        var spec = SpecCatalog.Find(name)!;
        var tests = typeof(CatalogCoverageTests).Assembly.GetType($"{typeof(CatalogCoverageTests).Namespace}.{name}Tests");
        Assert.NotNull(tests);
        var names = tests.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<FactAttribute>() is not null)
            .Select(m => m.Name)
            .ToArray();
        Assert.Contains(names, n => n.StartsWith("Fires_when_", StringComparison.Ordinal) || (spec.Liveness && n.StartsWith("Fires_liveness_", StringComparison.Ordinal)));
        Assert.Contains(names, n => n.StartsWith("Silent_", StringComparison.Ordinal));
        if (spec.Liveness)
        {
            Assert.Contains(names, n => n.StartsWith("Fires_liveness_", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Only_the_specs_marked_liveness_can_owe_anything(string name)
    {
        var spec = SpecCatalog.Find(name)!;
        var type = spec.Create().GetType();
        var overridesOwes = type.GetProperty(nameof(Spec.Owes))!.DeclaringType == type;
        var overridesOwed = type.GetProperty(nameof(Spec.Owed))!.DeclaringType == type;
        Assert.Equal(spec.Liveness, overridesOwes);
        Assert.Equal(spec.Liveness, overridesOwed);
    }
}
