using System.Reflection;

namespace Tally.PaperExchange.Tests;

/// <summary>Project conventions a reviewer would otherwise have to remember.</summary>
public sealed class ConventionTests
{
    private static readonly Assembly Exchange = typeof(PaperExchangeHost).Assembly;

    [Fact]
    public void No_public_member_exposes_floating_point()
    {
        var floating = new[] { typeof(double), typeof(float), typeof(double?), typeof(float?) };
        var offenders = Exchange.GetExportedTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m switch
                {
                    PropertyInfo p => floating.Contains(p.PropertyType),
                    FieldInfo f => floating.Contains(f.FieldType),
                    MethodInfo mi => floating.Contains(mi.ReturnType) || mi.GetParameters().Any(p => floating.Contains(p.ParameterType)),
                    _ => false,
                })
                .Select(m => $"{t.Name}.{m.Name}"))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Wire_records_write_decimals_as_strings()
    {
        // Every decimal on the wire is a string; a decimal-typed property here would serialize as a JSON number.
        var wire = Exchange.GetExportedTypes().Where(t => t.Namespace == "Tally.PaperExchange.Wire");
        var offenders = wire.SelectMany(t => t.GetProperties().Where(p => p.PropertyType == typeof(decimal) || p.PropertyType == typeof(decimal?)).Select(p => $"{t.Name}.{p.Name}"));
        Assert.Empty(offenders);
    }

    [Fact]
    public void Classes_are_sealed_or_static()
    {
        var open = Exchange.GetTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && !t.Name.StartsWith('<') && t.Namespace?.StartsWith("Tally.PaperExchange", StringComparison.Ordinal) == true)
            .Select(t => t.FullName);
        Assert.Empty(open);
    }
}
