namespace Tally.PaperExchange.Algo;

/// <summary>A conditional order changed status — ALGO_UPDATE on the user-data stream.</summary>
public sealed record AlgoEvent(DateTimeOffset At, PaperAlgoOrder Order) : VenueEvent(At);
