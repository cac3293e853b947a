namespace Tally.Engine.Tests;

public sealed class EngineReferenceTests
{
    [Fact]
    public void The_engine_takes_logging_and_hosting_abstractions_not_the_ASP_NET_Core_framework()
    {
        var references = typeof(UserDataFollower).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains("Microsoft.Extensions.Logging.Abstractions", references);
        Assert.Contains("Microsoft.Extensions.Hosting.Abstractions", references);
    }
}
