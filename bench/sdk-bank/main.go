// sdk-bank: a minimal stock Cosmos SDK v0.50 app (auth, bank and consensus params, the SDK's default ante
// handler) served over CometBFT's socket as optchain is, for the bench's reference of what the SDK itself does under
// the tx_per_s and localnet4 loads. Its chain reads the balances of optchain's localnet genesis and numbers the
// accounts in that order, so the dev accounts' wallets sign for it exactly as they sign for optchain.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"cosmossdk.io/log"
	"cosmossdk.io/store"
	pruningtypes "cosmossdk.io/store/pruning/types"
	storetypes "cosmossdk.io/store/types"
	"cosmossdk.io/x/tx/signing"
	abciserver "github.com/cometbft/cometbft/abci/server"
	abci "github.com/cometbft/cometbft/abci/types"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/runtime"
	sdkserver "github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/std"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/auth"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"
	authkeeper "github.com/cosmos/cosmos-sdk/x/auth/keeper"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/bank"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/consensus"
	consensuskeeper "github.com/cosmos/cosmos-sdk/x/consensus/keeper"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	"github.com/cosmos/gogoproto/proto"
)

// optchainGenesis is the part of optchain's app_state this app reads: bank balances, dev accounts first.
type optchainGenesis struct {
	Bank struct {
		Balances []struct {
			Address string    `json:"address"`
			Coins   sdk.Coins `json:"coins"`
		} `json:"balances"`
	} `json:"bank"`
}

func main() {
	address := flag.String("address", "tcp://127.0.0.1:26658", "the ABCI socket address CometBFT dials")
	home := flag.String("home", "", "directory of the app's LevelDB state (required)")
	prefix := flag.String("prefix", "", "bech32 prefix of account addresses, optchain's (required)")
	chainID := flag.String("chain-id", "", "the chain id of CometBFT's genesis; BaseApp refuses any other at InitChain (required)")
	minGasPrices := flag.String("minimum-gas-prices", "", "CheckTx's fee floor, as app.toml's minimum-gas-prices (required: stock simd refuses to start without one)")
	flag.Parse()
	if *home == "" || *prefix == "" || *chainID == "" || *minGasPrices == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*address, *home, *prefix, *chainID, *minGasPrices); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(address, home, prefix, chainID, minGasPrices string) error {
	sdk.GetConfig().SetBech32PrefixForAccount(prefix, prefix+"pub")
	accountCodec := addresscodec.NewBech32Codec(prefix)
	registry, err := codectypes.NewInterfaceRegistryWithOptions(codectypes.InterfaceRegistryOptions{
		ProtoFiles:     proto.HybridResolver,
		SigningOptions: signing.Options{AddressCodec: accountCodec, ValidatorAddressCodec: addresscodec.NewBech32Codec(prefix + "valoper")},
	})
	if err != nil {
		return err
	}
	std.RegisterInterfaces(registry)
	cdc := codec.NewProtoCodec(registry)
	txConfig := authtx.NewTxConfig(cdc, authtx.DefaultSignModes)

	logger := log.NewNopLogger()
	db, err := dbm.NewDB("application", dbm.GoLevelDBBackend, home)
	if err != nil {
		return err
	}
	app := baseapp.NewBaseApp("sdk-bank", logger, db, txConfig.TxDecoder(), baseapp.SetChainID(chainID),
		// as a node with the stock app.toml runs: inter-block cache on, IAVL cache of 781,250 nodes, pruning "default"
		baseapp.SetInterBlockCache(store.NewCommitKVStoreCacheManager()), baseapp.SetIAVLCacheSize(781_250),
		baseapp.SetPruning(pruningtypes.NewPruningOptions(pruningtypes.PruningDefault)), baseapp.SetMinGasPrices(minGasPrices))
	app.SetInterfaceRegistry(registry)
	app.SetTxEncoder(txConfig.TxEncoder())

	keys := storetypes.NewKVStoreKeys(authtypes.StoreKey, banktypes.StoreKey, consensustypes.StoreKey)
	authority := authtypes.NewModuleAddress("gov").String()
	accounts := authkeeper.NewAccountKeeper(cdc, runtime.NewKVStoreService(keys[authtypes.StoreKey]), authtypes.ProtoBaseAccount,
		map[string][]string{authtypes.FeeCollectorName: nil}, accountCodec, prefix, authority)
	bankKeeper := bankkeeper.NewBaseKeeper(cdc, runtime.NewKVStoreService(keys[banktypes.StoreKey]), accounts, map[string]bool{}, authority, logger)
	consensusKeeper := consensuskeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[consensustypes.StoreKey]), authority, runtime.EventService{})
	app.SetParamStore(consensusKeeper.ParamsStore)

	modules := module.NewManager(auth.NewAppModule(cdc, accounts, nil, nil), bank.NewAppModule(cdc, bankKeeper, accounts, nil), consensus.NewAppModule(cdc, consensusKeeper))
	module.NewBasicManagerFromManager(modules, nil).RegisterInterfaces(registry)
	if err := modules.RegisterServices(module.NewConfigurator(cdc, app.MsgServiceRouter(), app.GRPCQueryRouter())); err != nil {
		return err
	}
	// a wallet's fee "auto" simulates the tx through the tx service's ABCI query
	authtx.RegisterTxService(app.GRPCQueryRouter(), client.Context{}.WithTxConfig(txConfig).WithCodec(cdc).WithInterfaceRegistry(registry), app.Simulate, registry)
	anteHandler, err := ante.NewAnteHandler(ante.HandlerOptions{
		AccountKeeper:   accounts,
		BankKeeper:      bankKeeper,
		SignModeHandler: txConfig.SignModeHandler(),
		SigGasConsumer:  ante.DefaultSigVerificationGasConsumer,
	})
	if err != nil {
		return err
	}
	app.SetAnteHandler(anteHandler)
	app.SetBeginBlocker(modules.BeginBlock)
	app.SetEndBlocker(modules.EndBlock)
	app.SetInitChainer(func(ctx sdk.Context, req *abci.RequestInitChain) (*abci.ResponseInitChain, error) {
		authGenesis, bankGenesis, err := fromOptchain(req.AppStateBytes)
		if err != nil {
			return nil, err
		}
		// the keepers' own InitGenesis: the module manager's refuses a genesis that sets no validators, and without
		// a staking module CometBFT's genesis validators stay the validator set
		accounts.InitGenesis(ctx, *authGenesis)
		bankKeeper.InitGenesis(ctx, bankGenesis)
		return &abci.ResponseInitChain{Validators: req.Validators}, nil
	})
	app.MountKVStores(keys)
	if err := app.LoadLatestVersion(); err != nil {
		return err
	}

	server, err := abciserver.NewServer(address, "socket", sdkserver.NewCometABCIWrapper(app))
	if err != nil {
		return err
	}
	// CometBFT's socket server closes the connection on an app's error; its log is where that error shows
	server.SetLogger(cmtlog.NewTMLogger(cmtlog.NewSyncWriter(os.Stderr)))
	if err := server.Start(); err != nil {
		return err
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	// BaseApp.Close closes the database too
	return errors.Join(server.Stop(), app.Close())
}

// fromOptchain builds auth and bank genesis from optchain's: one base account per balance, numbered in order.
func fromOptchain(appState []byte) (*authtypes.GenesisState, *banktypes.GenesisState, error) {
	var source optchainGenesis
	if err := json.Unmarshal(appState, &source); err != nil {
		return nil, nil, fmt.Errorf("reading optchain's app_state: %w", err)
	}
	var genesisAccounts authtypes.GenesisAccounts
	var balances []banktypes.Balance
	for i, balance := range source.Bank.Balances {
		addr, err := sdk.AccAddressFromBech32(balance.Address)
		if err != nil {
			return nil, nil, err
		}
		genesisAccounts = append(genesisAccounts, authtypes.NewBaseAccount(addr, nil, uint64(i), 0))
		balances = append(balances, banktypes.Balance{Address: balance.Address, Coins: balance.Coins.Sort()})
	}
	authGenesis := authtypes.NewGenesisState(authtypes.DefaultParams(), genesisAccounts)
	bankGenesis := banktypes.NewGenesisState(banktypes.DefaultParams(), balances, nil, nil, nil)
	return authGenesis, bankGenesis, nil
}
