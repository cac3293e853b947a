namespace Tally.PaperExchange.Http;

/// <summary>
/// REQUEST_WEIGHT per IP in fixed one-minute windows, as Binance counts it (the window is the calendar minute
/// of the exchange's clock). Past the limit a request gets 429 with Retry-After up to the next minute; a request
/// sent before that time has passed earns a 418 ban, which doubles on each repeat (2 min … 3 days by default).
/// Thread safe: one lock, held for a few field updates.
/// </summary>
public sealed class WeightLimiter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IpState> _ips = new(StringComparer.Ordinal);
    private readonly int _limit;
    private readonly TimeSpan _firstBan;
    private readonly TimeSpan _maxBan;

    public WeightLimiter(int limitPerMinute, TimeSpan firstBan, TimeSpan maxBan)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitPerMinute);
        _limit = limitPerMinute;
        _firstBan = firstBan;
        _maxBan = maxBan;
    }

    public int LimitPerMinute => _limit;

    public RateDecision Admit(string ip, int weight, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        lock (_lock)
        {
            if (!_ips.TryGetValue(ip, out var state))
            {
                state = new IpState();
                _ips.Add(ip, state);
            }

            var minute = now.ToUnixTimeMilliseconds() / 60_000;
            if (minute != state.Minute)
            {
                state.Minute = minute;
                state.Used = 0;
            }

            if (state.BannedUntil is { } until && until > now)
            {
                return new RateDecision(RateVerdict.Banned, state.Used, until - now, until);
            }

            if (state.LimitedUntil is { } retryAt && retryAt > now)
            {
                // The client was told to wait and did not: ban it, longer each time.
                var ban = state.NextBan ?? _firstBan;
                state.NextBan = ban * 2 > _maxBan ? _maxBan : ban * 2;
                state.BannedUntil = now + ban;
                state.LimitedUntil = null;
                return new RateDecision(RateVerdict.Banned, state.Used, ban, state.BannedUntil);
            }

            if (state.Used + weight > _limit)
            {
                var nextMinute = DateTimeOffset.FromUnixTimeMilliseconds((minute + 1) * 60_000);
                state.LimitedUntil = nextMinute;
                return new RateDecision(RateVerdict.Limited, state.Used, nextMinute - now, null);
            }

            state.Used += weight;
            return new RateDecision(RateVerdict.Admitted, state.Used, TimeSpan.Zero, null);
        }
    }

    private sealed class IpState
    {
        public long Minute { get; set; } = -1;

        public int Used { get; set; }

        public DateTimeOffset? LimitedUntil { get; set; }

        public DateTimeOffset? BannedUntil { get; set; }

        public TimeSpan? NextBan { get; set; }
    }
}
