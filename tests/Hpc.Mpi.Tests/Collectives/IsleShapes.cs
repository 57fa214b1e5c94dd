namespace Hpc.Mpi.Tests.Collectives;

/// <summary>The isle function of each <see cref="IsleShape"/>.</summary>
internal static class IsleShapes
{
    /// <summary>The isle of a rank under <paramref name="shape"/>.</summary>
    public static Func<int, int> IsleOf(this IsleShape shape) => shape switch
    {
        IsleShape.Flat => static rank => rank,
        IsleShape.OneIsle => static _ => 7,
        IsleShape.Blocks3 => static rank => 100 + (rank / 3),
        IsleShape.Blocks8 => static rank => rank / 8,
        _ => static rank => rank % 3,
    };
}
