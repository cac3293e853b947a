using System.Reflection;
using System.Runtime.CompilerServices;
using Tally.Exchanges.Binance;

namespace Tally.Exchanges.Tests;

public sealed class ExchangesConventionTests
{
    private static readonly Assembly Exchanges = typeof(BinanceSigner).Assembly;

    [Fact]
    public void Exchanges_references_only_the_core_and_the_runtime()
    {
        var references = Exchanges.GetReferencedAssemblies().Select(name => name.Name!).ToList();

        Assert.Contains("Tally.Core", references);
        Assert.All(references, name => Assert.True(
            name == "Tally.Core" || name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard",
            $"unexpected reference {name}"));
    }

    [Fact]
    public void Public_wire_types_are_immutable()
    {
        var mutable = Exchanges.GetExportedTypes()
            .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(property => property.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
                .Select(property => $"{type.Name}.{property.Name}"))
            .ToList();

        Assert.Empty(mutable);
    }

    [Fact]
    public void User_data_event_cases_are_sealed()
    {
        var cases = Exchanges.GetExportedTypes().Where(type => type.IsSubclassOf(typeof(BinanceUserDataEvent))).ToList();

        Assert.Equal(9, cases.Count);
        Assert.All(cases, type => Assert.True(type.IsSealed, $"{type.Name} is not sealed"));
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
