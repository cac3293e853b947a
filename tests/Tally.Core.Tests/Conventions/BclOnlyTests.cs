using System.Reflection;

namespace Tally.Core.Tests.Conventions;

/// <summary>The domain core references only the BCL (STYLE.md habit 2).</summary>
public class BclOnlyTests
{
    internal static bool IsBcl(AssemblyName reference) =>
        reference.Name is "System" or "netstandard" or "mscorlib"
        || (reference.Name?.StartsWith("System.", StringComparison.Ordinal) ?? false);

    [Fact]
    public void Core_references_only_the_base_class_library()
    {
        var references = typeof(Ledger).Assembly.GetReferencedAssemblies();

        Assert.Contains(references, r => r.Name == "System.Runtime"); // the check sees real references
        Assert.Empty(references.Where(r => !IsBcl(r)).Select(r => r.FullName));
    }

    [Fact]
    public void The_check_rejects_a_package_assembly()
    {
        Assert.False(IsBcl(new AssemblyName("Microsoft.Extensions.Logging.Abstractions")));
        Assert.False(IsBcl(new AssemblyName("SystemTextJsonShim")));
        Assert.True(IsBcl(new AssemblyName("System.Collections")));
    }
}
