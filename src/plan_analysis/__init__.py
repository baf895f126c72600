"""Analysis of Japanese regional welfare-plan progress tables (地域福祉計画 進行管理表)."""
