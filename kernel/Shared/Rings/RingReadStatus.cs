namespace Hpc.Rings;

/// <summary>What a consumer found when it looked at a ring.</summary>
internal enum RingReadStatus
{
    /// <summary>A record was copied out.</summary>
    Record,
    /// <summary>Nothing published.</summary>
    Empty,
    /// <summary>The indexes or a record header are impossible: the producer is broken or hostile.</summary>
    Corrupt,
}
