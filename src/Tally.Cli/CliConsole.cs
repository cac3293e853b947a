using Spectre.Console;

namespace Tally.Cli;

/// <summary>
/// Where a command writes: machine output to <see cref="Out"/> (a stream, so large JSON is never held as
/// one string), diagnostics to <see cref="Error"/>. Tests pass memory streams; the program passes stdio.
/// </summary>
public sealed class CliConsole
{
    public CliConsole(Stream output, TextWriter error, bool interactive = false)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
        Text = new StreamWriter(output, leaveOpen: true) { AutoFlush = true };
    }

    public Stream Out { get; }

    /// <summary>Text view of <see cref="Out"/>, for tables and plain lines.</summary>
    public TextWriter Text { get; }

    public TextWriter Error { get; }

    /// <summary>True when a person watches stderr, so progress may be drawn there.</summary>
    public bool Interactive { get; }

    public IAnsiConsole Tables()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Text),
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });

        // Piped output has no terminal width; 80 columns would fold every number, so tables get room.
        if (!Interactive || console.Profile.Width < MinimumTableWidth)
        {
            console.Profile.Width = Math.Max(console.Profile.Width, MinimumTableWidth);
        }

        return console;
    }

    private const int MinimumTableWidth = 160;

    /// <summary>Writes one refusal line and returns <see cref="ExitCodes.BadInput"/>.</summary>
    public int Refuse(string line)
    {
        Error.WriteLine(line);
        return ExitCodes.BadInput;
    }
}
