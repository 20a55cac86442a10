int paraf_placeholder_test_pages(void);
int main(void){return 0;}
