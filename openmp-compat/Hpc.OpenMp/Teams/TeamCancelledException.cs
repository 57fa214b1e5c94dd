namespace Hpc.OpenMp.Teams;

/// <summary>
/// Thrown inside a region's other threads, at their next barrier or ordered wait, once one thread of the region has
/// thrown: it unwinds them to the region's end, where the first exception reaches the caller. Never seen by users.
/// </summary>
internal sealed class TeamCancelledException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TeamCancelledException()
        : base("Another thread of the parallel region threw.")
    {
    }
}
