using Hpc.Isles;

namespace Hpc.Isle;

/// <summary>
/// Console.In of a hosted isle: reads the calling rank's standard input (<see cref="RankContext.Stdin"/>: hermit-run's
/// for rank 0, empty for the others); code outside any rank reads an empty input. Like the rank-aware writers it
/// routes by the current rank instead of being swapped, since Console.In is process-wide.
/// </summary>
internal sealed class RankInputReader : TextReader
{
    /// <summary>The calling rank's input.</summary>
    private static TextReader Current => RankContext.Current?.Stdin ?? Null;

    /// <summary>Peeks at the calling rank's input.</summary>
    public override int Peek() => Current.Peek();

    /// <summary>Reads a character of the calling rank's input.</summary>
    public override int Read() => Current.Read();

    /// <summary>Reads characters of the calling rank's input.</summary>
    public override int Read(char[] buffer, int index, int count) => Current.Read(buffer, index, count);

    /// <summary>Reads characters of the calling rank's input.</summary>
    public override int Read(Span<char> buffer) => Current.Read(buffer);

    /// <summary>Reads a line of the calling rank's input.</summary>
    public override string? ReadLine() => Current.ReadLine();

    /// <summary>Reads the rest of the calling rank's input.</summary>
    public override string ReadToEnd() => Current.ReadToEnd();
}
