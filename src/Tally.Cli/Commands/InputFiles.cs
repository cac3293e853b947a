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

    public static int? LoadInstruments(CliConsole console, FileInfo file, InstrumentCatalog catalog)
    {
        if (Missing(console, file) is { } exit)
        {
            return exit;
        }

        try
        {
            using var reader = file.OpenText();
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
