using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Hpc.Proxy.Cli;

namespace Hpc.Proxy.Cluster;

/// <summary>Parses memory sizes such as "16GiB", "512M" or "1073741824" (all unit prefixes are powers of 1024).</summary>
internal static class MemorySize
{
    /// <summary>The accepted units (matched ignoring case) and their size in bytes.</summary>
    private static readonly (string Unit, long Bytes)[] s_units =
    [
        ("B", 1L),
        ("K", 1L << 10), ("KB", 1L << 10), ("KiB", 1L << 10),
        ("M", 1L << 20), ("MB", 1L << 20), ("MiB", 1L << 20),
        ("G", 1L << 30), ("GB", 1L << 30), ("GiB", 1L << 30),
        ("T", 1L << 40), ("TB", 1L << 40), ("TiB", 1L << 40),
    ];

    /// <summary>The units as listed in error messages.</summary>
    public const string UnitList = "B, KiB, MiB, GiB, TiB (or K/M/G/T, KB/MB/GB/TB)";

    /// <summary>Parses a positive whole number with an optional unit; on failure gives a one-line reason.</summary>
    public static bool TryParse(string text, out long bytes, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = 0;
        error = null;
        var trimmed = text.Trim();
        var digits = 0;
        while (digits < trimmed.Length && char.IsAsciiDigit(trimmed[digits]))
        {
            digits++;
        }

        if (digits == 0)
        {
            error = $"\"{ErrorText.Short(text)}\" is not a size like \"16GiB\" (a whole number, then one of {UnitList})";
            return false;
        }

        var unitText = trimmed[digits..].Trim();
        var multiplier = 1L;
        if (unitText.Length > 0)
        {
            var unit = Array.Find(s_units, u => string.Equals(u.Unit, unitText, StringComparison.OrdinalIgnoreCase));
            if (unit.Unit is null)
            {
                error = $"\"{ErrorText.Short(text)}\" has an unknown unit {ErrorText.Quote(unitText)} (expected one of {UnitList})";
                return false;
            }

            multiplier = unit.Bytes;
        }

        if (!long.TryParse(trimmed.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number > long.MaxValue / multiplier)
        {
            error = $"\"{ErrorText.Short(text)}\" is too large";
            return false;
        }

        if (number == 0)
        {
            error = $"\"{ErrorText.Short(text)}\" is zero; an isle needs some memory";
            return false;
        }

        bytes = number * multiplier;
        return true;
    }

    /// <summary>A size in the largest binary unit that divides it ("1KiB", "16MiB", "1000B"), as it may be written in a cluster file.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        while (unit < units.Length - 1 && bytes != 0 && bytes % 1024 == 0)
        {
            bytes /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes}{units[unit]}");
    }
}
