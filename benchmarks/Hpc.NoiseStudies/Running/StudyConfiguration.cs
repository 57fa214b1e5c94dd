namespace Hpc.NoiseStudies.Running;

/// <summary>One configuration of a study: who runs the probe, and whether its loop allocates.</summary>
/// <param name="Name">Its name in tables and folders.</param>
/// <param name="System">What runs the loop.</param>
/// <param name="Allocating">True when each sample allocates (the study's allocation size).</param>
/// <param name="Quiet">Isles only: a quiet isle (hermit-run --quiet --aot, and a quiet phase in the job): no JIT and no GC while measuring.</param>
internal sealed record StudyConfiguration(string Name, SystemKind System, bool Allocating, bool Quiet)
{
    /// <summary>Every configuration a study may name.</summary>
    public static IReadOnlyList<StudyConfiguration> All { get; } =
    [
        new("c", SystemKind.C, false, false),
        new("c-alloc", SystemKind.C, true, false),
        new("dotnet", SystemKind.Dotnet, false, false),
        new("dotnet-alloc", SystemKind.Dotnet, true, false),
        new("isle", SystemKind.Isle, false, true),
        new("isle-alloc", SystemKind.Isle, true, true),
        new("isle-default", SystemKind.Isle, false, false),
        new("isle-default-alloc", SystemKind.Isle, true, false),
    ];

    /// <summary>The configurations a study runs when none are named.</summary>
    public const string Defaults = "c,c-alloc,dotnet,dotnet-alloc,isle,isle-alloc";

    /// <summary>The floor every ratio is taken against.</summary>
    public const string Floor = "c";

    /// <summary>Parses a comma-separated list; throws <see cref="ArgumentException"/> naming an unknown one.</summary>
    public static IReadOnlyList<StudyConfiguration> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<StudyConfiguration>();
        foreach (string name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            StudyConfiguration configuration = All.FirstOrDefault(c => c.Name == name)
                ?? throw new ArgumentException($"unknown configuration '{name}' (known: {string.Join(", ", All.Select(c => c.Name))})");
            if (!list.Contains(configuration))
            {
                list.Add(configuration);
            }
        }

        return list.Count > 0 ? list : throw new ArgumentException("no configuration named");
    }
}
