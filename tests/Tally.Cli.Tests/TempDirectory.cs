using System.Text;

namespace Tally.Cli.Tests;

/// <summary>A directory of its own for one test's input files, deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string FullName { get; } = Directory.CreateTempSubdirectory("tally-cli-tests-").FullName;

    /// <summary>Writes <paramref name="content"/> as UTF-8 without a byte order mark; returns the path.</summary>
    public string Write(string name, string content) => WriteBytes(name, Encoding.UTF8.GetBytes(content));

    public string WriteBytes(string name, byte[] content)
    {
        var path = Path.Combine(FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string PathOf(string name) => Path.Combine(FullName, name);

    public void Dispose() => Directory.Delete(FullName, recursive: true);
}
