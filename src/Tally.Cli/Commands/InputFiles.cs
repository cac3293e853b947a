using Tally.Core;
using Tally.Import;

namespace Tally.Cli.Commands;

/// <summary>Checks and loads the files commands are pointed at; each returns an exit code when it refused.</summary>
public static class InputFiles
{
    public static int? Missing(CliConsole console, FileInfo file)
    {
        if (!file.Exists)
        {
            return console.Refuse($"{file.FullName}: no such file");
        }

        return file.Length == 0 ? console.Refuse($"{file.FullName}: the file is empty") : null;
    }

    /// <summary>
    /// Opens <paramref name="file"/> for reading after checking it exists, is not empty, can be read and is UTF-8
    /// throughout; on a refusal one line is written, <paramref name="stream"/> is null and the exit code returned.
    /// </summary>
    public static int? Open(CliConsole console, FileInfo file, out FileStream? stream)
    {
        stream = null;
        if (Missing(console, file) is { } exit)
        {
            return exit;
        }

        FileStream? opened = null;
        try
        {
            opened = file.OpenRead();
            if (Utf8Text.FirstInvalidLine(opened) is { } line)
            {
                opened.Dispose();
                return console.Refuse($"{file.FullName}: line {line}: bytes that are not UTF-8 (save the file as UTF-8)");
            }

            opened.Position = 0;
            stream = opened;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            opened?.Dispose();
            return console.Refuse($"{file.FullName}: cannot read the file: {e.Message}");
        }
    }

    /// <summary>A reader over <paramref name="stream"/> that decodes strict UTF-8 (already checked by <see cref="Open"/>).</summary>
    public static StreamReader Reader(Stream stream) => new(stream, Utf8Text.Strict, detectEncodingFromByteOrderMarks: true);

    public static int? LoadInstruments(CliConsole console, FileInfo file, InstrumentCatalog catalog)
    {
        if (Open(console, file, out var stream) is { } exit)
        {
            return exit;
        }

        try
        {
            using var reader = Reader(stream!);
            var (instruments, errors) = InstrumentsCsv.Read(reader, file.Name);
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    console.Error.WriteLine($"{file.Name}: {error}");
                }

                return ExitCodes.BadInput;
            }

            foreach (var instrument in instruments)
            {
                catalog.Add(instrument);
            }

            return null;
        }
        catch (InputFileException e)
        {
            return console.Refuse(e.Message);
        }
    }
}
