using Spectre.Console;

namespace Hpc.NoiseStudies.Tests.Reports;

/// <summary>
/// Points Spectre's global console at a wide in-memory writer while alive (200 columns, so a table wider than 80
/// columns shows its natural width instead of being squeezed), and puts the real one back on dispose.
/// </summary>
internal sealed class CapturedConsole : IDisposable
{
    /// <summary>The console in use before.</summary>
    private readonly IAnsiConsole _previous = AnsiConsole.Console;
    /// <summary>What was written.</summary>
    private readonly StringWriter _writer = new();

    /// <summary>Starts capturing.</summary>
    public CapturedConsole()
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(_writer),
        });
        console.Profile.Width = 200;
        AnsiConsole.Console = console;
    }

    /// <summary>Everything written so far.</summary>
    public string Text => _writer.ToString();

    /// <summary>The lines of tables written so far (those holding a border character).</summary>
    public IEnumerable<string> TableLines => Text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Contains('│') || l.Contains('─'));

    /// <summary>Restores the console.</summary>
    public void Dispose()
    {
        AnsiConsole.Console = _previous;
        _writer.Dispose();
    }
}
