using Tally.Core;
using Tally.Core.Signals;

namespace Tally.Engine.Dispatch;

/// <summary>
/// The engine's <see cref="ISignalIntake"/>: routes each signal by its venue and account to that account's
/// <see cref="AccountDispatcher"/>, which decides, commits and sends (serialized per account; accounts run side by side).
/// A signal naming no account (the default venue and account) goes to the only account when exactly one runs.
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
        if (_accounts.TryGetValue((signal.Venue, signal.Account), out var dispatcher))
        {
            return dispatcher.SubmitAsync(signal, cancellationToken);
        }

        // A signal that names no account (the defaults) goes to the only account, when there is exactly one.
        if (signal.Venue == Fill.DefaultVenue && signal.Account == Fill.DefaultAccount && _accounts.Count == 1)
        {
            var only = _accounts.Values.Single();
            return only.SubmitAsync(signal with { Venue = only.Venue, Account = only.Account }, cancellationToken);
        }

        throw new ArgumentException($"No account {signal.Venue}/{signal.Account} runs here.", nameof(signal));
    }
}
