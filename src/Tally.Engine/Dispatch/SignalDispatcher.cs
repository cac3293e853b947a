using Tally.Core.Signals;

namespace Tally.Engine.Dispatch;

/// <summary>
/// The engine's <see cref="ISignalIntake"/>: routes each signal by its venue and account to that account's
/// <see cref="AccountDispatcher"/>, which decides, commits and sends (serialized per account; accounts run side by side).
/// </summary>
public sealed class SignalDispatcher : ISignalIntake
{
    private readonly Dictionary<(string Venue, string Account), AccountDispatcher> _accounts;

    public SignalDispatcher(IEnumerable<AccountDispatcher> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        _accounts = [];
        foreach (var account in accounts)
        {
            if (!_accounts.TryAdd((account.Venue, account.Account), account))
            {
                throw new ArgumentException($"{account.Venue}/{account.Account} has two dispatchers.", nameof(accounts));
            }
        }
    }

    /// <summary>The accounts signals can be sent to.</summary>
    public IReadOnlyCollection<AccountDispatcher> Accounts => _accounts.Values;

    /// <exception cref="ArgumentException">The signal names an account this engine does not run.</exception>
    public Task<SignalReceipt> SubmitAsync(Signal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return _accounts.TryGetValue((signal.Venue, signal.Account), out var dispatcher)
            ? dispatcher.SubmitAsync(signal, cancellationToken)
            : throw new ArgumentException($"No account {signal.Venue}/{signal.Account} runs here.", nameof(signal));
    }
}
