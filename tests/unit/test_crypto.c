int paraf_placeholder_test_crypto(void);
int main(void){return 0;}
