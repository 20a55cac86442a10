int paraf_placeholder_test_demo(void);
int main(void){return 0;}
