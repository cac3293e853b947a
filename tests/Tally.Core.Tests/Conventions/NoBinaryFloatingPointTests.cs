using System.Reflection;

namespace Tally.Core.Tests.Conventions;

/// <summary>Money and quantities are decimal: no double, float or Half anywhere in Tally.Core's public API.</summary>
public class NoBinaryFloatingPointTests
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void Public_api_of_core_has_no_double_or_float()
    {
        var exported = typeof(Ledger).Assembly.GetExportedTypes();

        Assert.Contains(typeof(Position), exported); // the scan sees the real API
        Assert.Empty(exported.SelectMany(FloatingPointMembers));
    }

    [Fact]
    public void The_scan_finds_binary_floating_point_wherever_it_hides()
    {
        var found = FloatingPointMembers(typeof(Offender)).ToArray();

        Assert.Equal(
            [
                "Offender.Field: Double",
                "Offender.Method(list): List`1",
                "Offender.Method(returns): Single[]",
                "Offender.Out(value): Half&",
                "Offender.Property: Nullable`1",
            ],
            found.Order(StringComparer.Ordinal));
    }

    internal static IEnumerable<string> FloatingPointMembers(Type type)
    {
        foreach (var field in type.GetFields(Declared).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly))
        {
            if (IsBinaryFloat(field.FieldType))
            {
                yield return $"{type.Name}.{field.Name}: {field.FieldType.Name}";
            }
        }

        foreach (var property in type.GetProperties(Declared).Where(p => Visible(p.GetMethod) || Visible(p.SetMethod)))
        {
            if (IsBinaryFloat(property.PropertyType))
            {
                yield return $"{type.Name}.{property.Name}: {property.PropertyType.Name}";
            }
        }

        var methods = type.GetMethods(Declared).Where(m => Visible(m) && !m.IsSpecialName).Cast<MethodBase>()
            .Concat(type.GetConstructors(Declared).Where(Visible));
        foreach (var method in methods)
        {
            if (method is MethodInfo info && IsBinaryFloat(info.ReturnType))
            {
                yield return $"{type.Name}.{method.Name}(returns): {info.ReturnType.Name}";
            }

            foreach (var parameter in method.GetParameters().Where(p => IsBinaryFloat(p.ParameterType)))
            {
                yield return $"{type.Name}.{method.Name}({parameter.Name}): {parameter.ParameterType.Name}";
            }
        }
    }

    private static bool Visible(MethodBase? method) => method is { IsPublic: true } or { IsFamily: true } or { IsFamilyOrAssembly: true };

    private static bool IsBinaryFloat(Type type)
    {
        if (type == typeof(double) || type == typeof(float) || type == typeof(Half))
        {
            return true;
        }

        if (type.HasElementType)
        {
            return IsBinaryFloat(type.GetElementType()!); // arrays, by-ref (out/ref/in), pointers
        }

        return type.IsGenericType && type.GetGenericArguments().Any(IsBinaryFloat);
    }

#pragma warning disable CS0649, CA1051, CA1822, CA1002, IDE0060 // a deliberately bad type for the scan to find
    private sealed class Offender
    {
        public double Field;
        private readonly double _hidden = 1;

        public double? Property { get; set; }

        public decimal Fine { get; set; }

        public float[] Method(List<double> list) => [(float)_hidden, list.Count];

        public void Out(out Half value) => value = default;
    }
#pragma warning restore CS0649, CA1051, CA1822, CA1002, IDE0060
}
